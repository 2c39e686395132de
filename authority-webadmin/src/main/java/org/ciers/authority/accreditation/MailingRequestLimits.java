package org.ciers.authority.accreditation;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.security.AuthenticationFailureLimiter;
import org.ciers.protocol.model.DomainName;

/**
 * The portal's requests that make the authority send mail to an address the requester names: a
 * sign-up mails its email address, a domain request mails the domain's administrative mailbox.
 * Without a bound a stranger could use the authority to flood any mailbox. Each is counted per
 * client address ({@code authority.portal.requests.per.address} an hour) and per mailed target
 * (3 an hour for one email address or one requested domain), then 429.
 */
@Singleton
public class MailingRequestLimits {
    static final int PER_TARGET = 3;
    static final Duration WINDOW = Duration.ofHours(1);

    private final AuthenticationFailureLimiter perAddress;
    private final AuthenticationFailureLimiter perTarget;

    @Inject
    public MailingRequestLimits(AuthorityConfiguration configuration, Clock clock) {
        this.perAddress = new AuthenticationFailureLimiter(configuration.portalRequestsPerAddress(), WINDOW, clock);
        this.perTarget = new AuthenticationFailureLimiter(PER_TARGET, WINDOW, clock);
    }

    /** Counts a sign-up, or refuses it (429) when the address or the email address had enough. */
    public void admitSignUp(String clientAddress, String email) {
        admit("signup:" + clientAddress, Optional.of("email:" + email.trim().toLowerCase(Locale.ROOT)));
    }

    /** Counts a domain request, or refuses it (429) when the address or the domain had enough. */
    public void admitDomainRequest(String clientAddress, String domain) {
        Optional<String> target;
        try {
            target = Optional.of("domain:" + DomainName.of(domain.trim().toLowerCase(Locale.ROOT)).asString());
        } catch (IllegalArgumentException | NullPointerException malformed) {
            // mails nobody: refused afterwards naming the field, counted for the address only
            target = Optional.empty();
        }
        admit("domain-request:" + clientAddress, target);
    }

    private void admit(String addressKey, Optional<String> targetKey) {
        if (perAddress.isBlocked(addressKey) || targetKey.filter(perTarget::isBlocked).isPresent()) {
            throw new AccountException(AccountException.Reason.TOO_MANY_ATTEMPTS, "too many requests; try again in an hour");
        }
        perAddress.recordFailure(addressKey);
        targetKey.ifPresent(perTarget::recordFailure);
    }
}
