package org.ciers.smtp.rmta;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.MaybeSender;
import org.apache.james.core.Username;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.utils.BaseFakeSMTPSession;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.CiersValidation;
import org.junit.jupiter.api.Test;

class CiersPolicyHookTest {
    /** A session holding transaction attachments in a map, as James's does. */
    static class Session extends BaseFakeSMTPSession {
        final Map<AttachmentKey<?>, Object> transaction = new HashMap<>();
        Username username;

        @Override
        public <T> Optional<T> setAttachment(AttachmentKey<T> key, T value, ProtocolSession.State state) {
            return key.convert(transaction.put(key, value));
        }

        @Override
        public <T> Optional<T> getAttachment(AttachmentKey<T> key, ProtocolSession.State state) {
            return key.convert(transaction.get(key));
        }

        @Override
        public Username getUsername() {
            return username;
        }
    }

    static MtaConfiguration configuration(MtaConfiguration.Policy policy) {
        return RmtaFixtures.configuration(URI.create("http://127.0.0.1:1"), MtaConfiguration.POLICY, policy.name(),
            MtaConfiguration.TRUST_THRESHOLD, "5");
    }

    static CiersValidation validation(String trust) {
        return new CiersValidation(ServerId.of("AAAAAAAAAAAAAAAAAAA1"), Optional.of(DomainName.of("a.example")),
            MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TrustValue.parse(trust), Optional.of(ReportToken.of("tok_0123456789abcdef")));
    }

    @Test
    void requireRefusesMailWithoutCiers() {
        HookResult result = new CiersPolicyHook(configuration(MtaConfiguration.Policy.REQUIRE)).doMail(new Session(), MaybeSender.nullSender());

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpRetCode()).isEqualTo("550");
        assertThat(result.getSmtpDescription()).startsWith("5.7.1");
    }

    @Test
    void requireRefusesMailWhoseCiersWasDenied() {
        Session session = new Session();
        CiersSessionState.denied(session);

        assertThat(new CiersPolicyHook(configuration(MtaConfiguration.Policy.REQUIRE)).doMail(session, MaybeSender.nullSender())
            .getResult()).isEqualTo(HookReturnCode.deny());
    }

    @Test
    void requireAcceptsValidatedMail() {
        Session session = new Session();
        CiersSessionState.accepted(session, validation("20"));

        assertThat(new CiersPolicyHook(configuration(MtaConfiguration.Policy.REQUIRE)).doMail(session, MaybeSender.nullSender()))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void preferAcceptsMailWithoutCiers() {
        assertThat(new CiersPolicyHook(configuration(MtaConfiguration.Policy.PREFER)).doMail(new Session(), MaybeSender.nullSender()))
            .isEqualTo(HookResult.DECLINED);
    }

    @Test
    void trustBelowTheThresholdIsRefusedNamingTheTrust() {
        Session session = new Session();
        CiersSessionState.accepted(session, validation("4.5"));

        HookResult result = new CiersPolicyHook(configuration(MtaConfiguration.Policy.PREFER)).doMail(session, MaybeSender.nullSender());

        assertThat(result.getResult()).isEqualTo(HookReturnCode.deny());
        assertThat(result.getSmtpDescription()).isEqualTo("5.7.1 CIERS trust value 4.5 of a.example is below this server's threshold 5");
    }

    @Test
    void aSenderValidatedOfflineIsNamedByItsServerId() {
        Session session = new Session();
        CiersSessionState.accepted(session, CiersValidation.offline(ServerId.of("AAAAAAAAAAAAAAAAAAA1"),
            MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TrustValue.parse("4.5")));

        HookResult result = new CiersPolicyHook(configuration(MtaConfiguration.Policy.PREFER)).doMail(session, MaybeSender.nullSender());

        assertThat(result.getSmtpDescription())
            .isEqualTo("5.7.1 CIERS trust value 4.5 of server AAAAAAAAAAAAAAAAAAA1 is below this server's threshold 5");
    }

    @Test
    void authenticatedUsersSubmittingTheirOwnMailAreNotConcerned() {
        Session session = new Session();
        session.username = Username.of("alice@a.example");

        assertThat(new CiersPolicyHook(configuration(MtaConfiguration.Policy.REQUIRE)).doMail(session, MaybeSender.nullSender()))
            .isEqualTo(HookResult.DECLINED);
    }
}
