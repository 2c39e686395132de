package org.ciers.protocol.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class MsidTest {
    static final byte[] SECRET = "a sender secret of thirty-two b.".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MESSAGE = "Subject: hi\r\n\r\nHello\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theSameInputsGiveTheSameMsidAndAnyChangeAnother() {
        Msid msid = Msid.compute(SECRET, "alice@a.example", "bob@b.example", MESSAGE);

        assertThat(msid.asString()).matches("[A-Z2-7]{32}");
        assertThat(Msid.compute(SECRET, "alice@a.example", "bob@b.example", MESSAGE)).isEqualTo(msid);
        assertThat(Msid.compute(SECRET, "alice@a.example", "carol@b.example", MESSAGE)).isNotEqualTo(msid);
        assertThat(Msid.compute(SECRET, "alice@a.example", "bob@b.example", "other".getBytes(StandardCharsets.US_ASCII))).isNotEqualTo(msid);
        assertThat(Msid.compute("another secret".getBytes(StandardCharsets.US_ASCII), "alice@a.example", "bob@b.example", MESSAGE))
            .isNotEqualTo(msid);
        // the separator keeps "ab" + "c" apart from "a" + "bc"
        assertThat(Msid.compute(SECRET, "ab", "c", MESSAGE)).isNotEqualTo(Msid.compute(SECRET, "a", "bc", MESSAGE));
    }

    @Test
    void onlyTheDocumentedFormIsAnMsid() {
        assertThat(Msid.of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567").asString()).hasSize(32);
        assertThatThrownBy(() -> Msid.of("abcdefghijklmnopqrstuvwxyz234567")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Msid.of("ABC")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Msid.of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234561")).isInstanceOf(IllegalArgumentException.class);
    }
}
