package org.ciers.smtp.sirp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lines read from another server, each at most a given length: a server that never ends a line
 * fails the read once it is past the bound, instead of filling this server's memory.
 */
final class BoundedLines {
    private final InputStream in;

    BoundedLines(InputStream in) {
        this.in = new BufferedInputStream(in);
    }

    /** The next line without its CRLF (or LF); null at the end of the stream before any byte of a line. */
    String next(int maxBytes) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= maxBytes) {
                throw new IOException("a line longer than " + maxBytes + " bytes");
            }
            line.write(b);
        }
        if (line.size() > 0) {
            throw new IOException("the connection closed in the middle of a line");
        }
        return null;
    }
}
