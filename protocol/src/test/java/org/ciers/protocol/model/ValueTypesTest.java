package org.ciers.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    @Test
    void serverIdIsTwentyAlphanumerics() {
        assertThat(ServerId.of("abcDEF0123456789wxyz").asString()).isEqualTo("abcDEF0123456789wxyz");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "abcDEF0123456789wxyz1", "abcDEF0123456789wxy!", "abcDEF0123456789wxy "})
    void serverIdRefusesOtherShapes(String value) {
        assertThatThrownBy(() -> ServerId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passphraseNeverShowsItself() {
        Passphrase passphrase = Passphrase.of("abcDEF0123456789wxyz");
        assertThat(passphrase.toString()).doesNotContain("abcDEF");
        assertThat(passphrase.reveal()).isEqualTo("abcDEF0123456789wxyz");
    }

    @Test
    void messageIdNamesItsAuthority() {
        assertThat(MessageId.of("authority-1.ABCDEFGHIJKLMNOP").authority()).isEqualTo(AuthorityName.of("authority-1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABCDEFGHIJKLMNOP", ".ABCDEFGHIJKLMNOP", "ciers.short", "Ciers.ABCDEFGHIJKLMNOP", "ciers.ABCDEFGHIJKLMNO/"})
    void messageIdRefusesOtherShapes(String value) {
        assertThatThrownBy(() -> MessageId.of(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ABCDEFGHIJKLMNOP", "ciers.short", "Ciers.ABCDEFGHIJKLMNOP", "ciers.ABC+/=", "unrecognised.x"})
    void anOddPresentedIdStandsUnderTheReservedNameAndStaysDistinct(String value) {
        MessageId presented = MessageId.presented(value);

        assertThat(presented.asString()).startsWith("unrecognised.").isNotEqualTo(value);
        assertThat(MessageId.presented(value + "1")).isNotEqualTo(presented);
        assertThat(presented.authority()).isEqualTo(AuthorityName.of(AuthorityName.UNRECOGNISED));
        assertThatThrownBy(() -> AuthorityName.forAnAuthority("unrecognised")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWellFormedPresentedIdIsItselfAndAnOverlongOneIsRefused() {
        assertThat(MessageId.presented("ciers.ABCDEFGHIJKLMNOP")).isEqualTo(MessageId.of("ciers.ABCDEFGHIJKLMNOP"));
        assertThatThrownBy(() -> MessageId.presented("x".repeat(MessageId.MAX_LENGTH + 1))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"20,20", "20.00,20", "18.75,18.75", "0,0", "0.5,0.5", "7.10,7.1"})
    void trustValueWireForm(String in, String out) {
        assertThat(TrustValue.parse(in).asString()).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "20.01", "21", "1.234", "abc", "1e400", "NaN", "99999999999"})
    void trustValueRefusesOutOfRange(String value) {
        assertThatThrownBy(() -> TrustValue.parse(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void computedTrustIsRoundedHalfUp() {
        assertThat(TrustValue.of(new BigDecimal("18.749")).asString()).isEqualTo("18.75");
        assertThat(TrustValue.of(new BigDecimal("19.375")).asString()).isEqualTo("19.38");
        assertThat(TrustValue.of(new BigDecimal("13.3333")).asString()).isEqualTo("13.33");
    }

    @Test
    void computedTrustOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> TrustValue.of(new BigDecimal("-3"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrustValue.of(new BigDecimal("25"))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"B.Example,b.example", "mx1.b.example.,mx1.b.example", "localhost,localhost"})
    void domainNamesAreNormalised(String in, String out) {
        assertThat(DomainName.of(in).asString()).isEqualTo(out);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b.example", "-a.example", "a..example", "exa_mple.com"})
    void domainNamesRefuseBadSyntax(String value) {
        assertThatThrownBy(() -> DomainName.of(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
