package org.ciers.smtp.sirp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What the puller reads from the sender's server, a stranger's: every line and reply bounded. */
class SirpPullerConnectionTest {
    static SirpPuller.Connection from(String text) {
        return new SirpPuller.Connection(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), new ByteArrayOutputStream());
    }

    /** Bytes without end and without a line break, as a hostile server may send. */
    static InputStream endless(byte first) {
        return new InputStream() {
            @Override
            public int read() {
                return first;
            }
        };
    }

    @Test
    void aMultiLineReplyAndADotTerminatedMessageAreRead() throws Exception {
        SirpPuller.Connection smtp = from("250-mx.a.example\r\n250-STARTTLS\r\n250 CIERS\r\nSubject: hi\r\n\r\n..dotted\r\n.\r\n");

        smtp.expect("EHLO b.example", "250");

        assertThat(new String(smtp.readDotTerminated(), StandardCharsets.ISO_8859_1)).isEqualTo("Subject: hi\r\n\r\n.dotted\r\n");
    }

    @Test
    void aReplyLineThatNeverEndsFailsAtItsBound() {
        SirpPuller.Connection smtp = new SirpPuller.Connection(endless((byte) '2'), new ByteArrayOutputStream());

        assertThatThrownBy(() -> smtp.expect(null, "220")).isInstanceOf(IOException.class)
            .hasMessage("a line longer than " + SirpPuller.MAX_REPLY_LINE_BYTES + " bytes");
    }

    @Test
    void aReplyOfEndlessContinuationLinesFailsAtItsBound() {
        SirpPuller.Connection smtp = from("250-x\r\n".repeat(SirpPuller.MAX_REPLY_LINES + 1) + "250 done\r\n");

        assertThatThrownBy(() -> smtp.expect("EHLO b.example", "250")).isInstanceOf(IOException.class)
            .hasMessageContaining("more than " + SirpPuller.MAX_REPLY_LINES + " lines");
    }

    @Test
    void aMessageLineThatNeverEndsFailsAtItsBound() {
        SirpPuller.Connection smtp = new SirpPuller.Connection(endless((byte) 'x'), new ByteArrayOutputStream());

        assertThatThrownBy(smtp::readDotTerminated).isInstanceOf(IOException.class)
            .hasMessage("a line longer than " + SirpPuller.MAX_MESSAGE_LINE_BYTES + " bytes");
    }
}
