package org.ciers.smtp.sirp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import org.ciers.protocol.smtp.CiersHeaders;
import org.ciers.protocol.smtp.SirpHeaders;

/**
 * The header section of a raw message (RFC 5322, lines ending in CRLF or LF): SIRP's stubs and pulled
 * messages go straight into a mailbox, past the mailets that strip and stamp pushed mail, so the
 * same dropping is done here on the bytes. A header's folded continuation lines go with it; one
 * before any header is dropped.
 */
final class HeaderSection {
    private HeaderSection() {
    }

    /**
     * The message without the headers only this server may write ({@code X-CIERS-*} stamps and
     * {@code X-SIRP-*} stub headers): what a stub's envelope and a pulled message lose.
     */
    static byte[] withoutServerWrittenHeaders(byte[] message) {
        return without(message, name -> SirpHeaders.isStubHeader(name) || CiersHeaders.isStamp(name));
    }

    /** The message without the headers whose names {@code drop} accepts; the body is untouched. */
    static byte[] without(byte[] message, Predicate<String> drop) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
        int position = 0;
        // a folded line before any header belongs to none: mail parsers read it as a header of its own
        boolean dropping = true;
        while (position < message.length) {
            int end = lineEnd(message, position);
            String line = new String(message, position, end - position, StandardCharsets.ISO_8859_1);
            String content = line.replaceAll("\r?\n$", "");
            if (content.isEmpty()) {
                // the blank line: the body follows, as it is
                out.write(message, position, message.length - position);
                return out.toByteArray();
            }
            boolean continuation = content.charAt(0) == ' ' || content.charAt(0) == '\t';
            if (!continuation) {
                int colon = content.indexOf(':');
                dropping = colon > 0 && drop.test(content.substring(0, colon).trim());
            }
            if (!dropping) {
                out.write(message, position, end - position);
            }
            position = end;
        }
        return out.toByteArray();
    }

    private static int lineEnd(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == '\n') {
                return i + 1;
            }
        }
        return message.length;
    }
}
