package org.ciers.mailets.rmta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.apache.mailet.base.test.FakeMatcherConfig;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.TrustValue;
import org.ciers.smtp.rmta.CiersMailAttributes;
import org.ciers.smtp.rmta.CiersValidation;
import org.junit.jupiter.api.Test;

class CiersMailetsTest {
    static final CiersValidation VALIDATION = new CiersValidation(ServerId.of("AAAAAAAAAAAAAAAAAAA1"), Optional.of(DomainName.of("a.example")),
        MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TrustValue.parse("12.5"), Optional.of(ReportToken.of("tok_0123456789abcdef")));
    /** A signed ID checked offline: no sender domain, no report token. */
    static final CiersValidation OFFLINE = CiersValidation.offline(ServerId.of("AAAAAAAAAAAAAAAAAAA1"),
        MessageId.of("ciers.AQAAAAdBQUFBQUFBQUFBQUFBQUFBQUFBMejTklatLrUj"), TrustValue.parse("18.75"));

    static Mail mail(boolean validated) throws MessagingException {
        Mail mail = mail();
        if (validated) {
            CiersMailAttributes.write(mail, VALIDATION);
        }
        return mail;
    }

    static Mail mail() throws MessagingException {
        return FakeMail.builder()
            .name("mail")
            .recipients("bob@b.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder()
                .addHeader("X-CIERS-TrustValue", "20")
                .addHeader("x-ciers-serverid", "FORGED")
                .setSubject("hello")
                .setText("body"))
            .build();
    }

    static StampCiersHeaders stamp(String stampReportToken) throws MessagingException {
        StampCiersHeaders mailet = new StampCiersHeaders();
        mailet.init(FakeMailetConfig.builder().mailetName("StampCiersHeaders").setProperty("stampReportToken", stampReportToken).build());
        return mailet;
    }

    @Test
    void validatedMailGetsTheThreeStampsOnceAndForgedOnesAreGone() throws Exception {
        Mail mail = mail(true);
        stamp("false").service(mail);

        assertThat(mail.getMessage().getHeader("X-CIERS-ServerID")).containsExactly("AAAAAAAAAAAAAAAAAAA1");
        assertThat(mail.getMessage().getHeader("X-CIERS-MessageID")).containsExactly("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");
        assertThat(mail.getMessage().getHeader("X-CIERS-TrustValue")).containsExactly("12.5");
        assertThat(mail.getMessage().getHeader("X-CIERS-ReportToken")).isNull();
    }

    @Test
    void theReportTokenIsStampedOnlyWhenConfigured() throws Exception {
        Mail mail = mail(true);
        stamp("true").service(mail);

        assertThat(mail.getMessage().getHeader("X-CIERS-ReportToken")).containsExactly("tok_0123456789abcdef");
    }

    @Test
    void mailValidatedOfflineGetsTheThreeStampsAndNoReportToken() throws Exception {
        Mail mail = mail();
        CiersMailAttributes.write(mail, OFFLINE);
        stamp("true").service(mail);

        assertThat(CiersMailAttributes.read(mail)).contains(OFFLINE);
        assertThat(mail.getMessage().getHeader("X-CIERS-ServerID")).containsExactly("AAAAAAAAAAAAAAAAAAA1");
        assertThat(mail.getMessage().getHeader("X-CIERS-MessageID")).containsExactly("ciers.AQAAAAdBQUFBQUFBQUFBQUFBQUFBQUFBMejTklatLrUj");
        assertThat(mail.getMessage().getHeader("X-CIERS-TrustValue")).containsExactly("18.75");
        assertThat(mail.getMessage().getHeader("X-CIERS-ReportToken")).isNull();
        assertThat(below("20").match(mail)).containsExactly(new MailAddress("bob@b.example"));
    }

    @Test
    void mailWithoutCiersLosesForgedStampsAndGetsNone() throws Exception {
        Mail mail = mail(false);
        stamp("false").service(mail);

        assertThat(Collections.list(mail.getMessage().getAllHeaders()))
            .noneMatch(header -> header.getName().toUpperCase(Locale.ROOT).startsWith("X-CIERS-"));
    }

    @Test
    void aBadStampReportTokenValueStopsStartUp() {
        assertThatThrownBy(() -> stamp("maybe")).isInstanceOf(MessagingException.class);
    }

    static TrustValueBelow below(String condition) throws MessagingException {
        TrustValueBelow matcher = new TrustValueBelow();
        matcher.init(FakeMatcherConfig.builder().matcherName("TrustValueBelow").condition(condition).build());
        return matcher;
    }

    @Test
    void trustValueBelowMatchesLowTrustOnly() throws Exception {
        assertThat(below("15").match(mail(true))).containsExactly(new MailAddress("bob@b.example"));
        assertThat(below("12.5").match(mail(true))).isEmpty();
        assertThat(below("15").match(mail(false))).isEmpty();
    }

    @Test
    void trustValueBelowRefusesABadCondition() {
        for (String condition : Arrays.asList("", "abc", "21", "-1")) {
            assertThatThrownBy(() -> below(condition)).isInstanceOf(MessagingException.class);
        }
    }

    @Test
    void hasCiersValidationMatchesValidatedMailOnly() throws Exception {
        HasCiersValidation matcher = new HasCiersValidation();
        matcher.init(FakeMatcherConfig.builder().matcherName("HasCiersValidation").build());

        assertThat(matcher.match(mail(true))).containsExactly(new MailAddress("bob@b.example"));
        assertThat(matcher.match(mail(false))).isEmpty();
    }
}
