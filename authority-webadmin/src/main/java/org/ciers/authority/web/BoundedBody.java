package org.ciers.authority.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

import spark.Request;

/** Reads a request body up to a limit, never buffering more than the limit plus one byte. */
public final class BoundedBody {
    private BoundedBody() {
    }

    /** The body, or empty when it is larger than {@code limit} (or cannot be read). */
    public static Optional<byte[]> read(Request request, int limit) {
        long declared = request.raw().getContentLengthLong();
        if (declared > limit) {
            return Optional.empty();
        }
        try (InputStream in = request.raw().getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            return body.length > limit ? Optional.empty() : Optional.of(body);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
