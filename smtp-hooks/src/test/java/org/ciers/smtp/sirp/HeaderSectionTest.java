package org.ciers.smtp.sirp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.ciers.protocol.smtp.CiersHeaders;
import org.junit.jupiter.api.Test;

class HeaderSectionTest {
    static String without(String message) {
        return new String(HeaderSection.without(message.getBytes(StandardCharsets.ISO_8859_1), CiersHeaders::isStamp),
            StandardCharsets.ISO_8859_1);
    }

    @Test
    void dropsTheNamedHeadersWithTheirFoldedLinesInAnyCase() {
        assertThat(without("Subject: hi\r\nx-ciers-trustvalue: 20\r\n\tfolded\r\nX-CIERS-ServerID: X\r\nFrom: a@a.example\r\n\r\nbody\r\n"))
            .isEqualTo("Subject: hi\r\nFrom: a@a.example\r\n\r\nbody\r\n");
    }

    @Test
    void aFoldedLineBeforeAnyHeaderIsDropped() {
        assertThat(without(" X-CIERS-TrustValue: 20\r\n\tmore\r\nSubject: hi\r\n\r\nbody\r\n")).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
    }

    @Test
    void neverTouchesTheBody() {
        assertThat(without("Subject: hi\n\nX-CIERS-TrustValue: 20\n")).isEqualTo("Subject: hi\n\nX-CIERS-TrustValue: 20\n");
    }

    @Test
    void aHeaderSectionWithoutBodyIsFilteredToo() {
        assertThat(without("X-CIERS-MessageID: forged\r\nSubject: hi\r\n")).isEqualTo("Subject: hi\r\n");
    }
}
