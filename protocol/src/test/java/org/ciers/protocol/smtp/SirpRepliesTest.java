package org.ciers.protocol.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SirpRepliesTest {
    static final String SIGNAL = "550 5.7.1 SIRP: this server pulls this mail; send MSID <msid> instead of DATA";

    @Test
    void thePullOnlySignalIsRecognisedWithOrWithoutItsCodeInFront() {
        assertThat(SirpReplies.isPullOnly(550, SIGNAL + "\n")).isTrue();
        assertThat(SirpReplies.isPullOnly(550, SIGNAL.substring(4))).isTrue();
    }

    @Test
    void otherRefusalsThatMentionSirpAreNoSignal() {
        assertThat(SirpReplies.isPullOnly(550, "550 5.7.1 SIRP is not for you")).isFalse();
        assertThat(SirpReplies.isPullOnly(550, "550 5.1.1 No such user (SIRP: this server pulls this mail)")).isFalse();
        assertThat(SirpReplies.isPullOnly(451, SIGNAL)).isFalse();
        assertThat(SirpReplies.isPullOnly(550, null)).isFalse();
    }
}
