package org.ciers.authority.accreditation;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.settings.CiersProperties;
import org.junit.jupiter.api.Test;

class MailingRequestLimitsTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-02T10:00:00Z"));
    private final MailingRequestLimits limits = new MailingRequestLimits(AuthorityConfiguration.from(new CiersProperties(
        Map.of(AuthorityConfiguration.PORTAL_REQUESTS_PER_ADDRESS, "5")::get)), clock);

    @Test
    void oneAddressGetsItsAllowanceThen429AndOthersGoOn() {
        for (int i = 0; i < 5; i++) {
            limits.admitSignUp("192.0.2.1", "user" + i + "@example.com");
        }

        assertThatThrownBy(() -> limits.admitSignUp("192.0.2.1", "other@example.com"))
            .isInstanceOf(AccountException.class).extracting("reason").isEqualTo(AccountException.Reason.TOO_MANY_ATTEMPTS);
        assertThatCode(() -> limits.admitSignUp("192.0.2.2", "other@example.com")).doesNotThrowAnyException();
    }

    @Test
    void oneMailboxIsMailedThreeTimesAnHourWhateverTheAddresses() {
        for (int i = 0; i < MailingRequestLimits.PER_TARGET; i++) {
            limits.admitSignUp("192.0.2." + i, "Victim@Example.com");
            limits.admitDomainRequest("198.51.100." + i, "victim.example");
        }

        assertThatThrownBy(() -> limits.admitSignUp("203.0.113.1", "victim@example.com")).isInstanceOf(AccountException.class);
        assertThatThrownBy(() -> limits.admitDomainRequest("203.0.113.1", "VICTIM.example")).isInstanceOf(AccountException.class);
        clock.advance(MailingRequestLimits.WINDOW.plus(Duration.ofSeconds(1)));
        assertThatCode(() -> limits.admitDomainRequest("203.0.113.1", "victim.example")).doesNotThrowAnyException();
    }
}
