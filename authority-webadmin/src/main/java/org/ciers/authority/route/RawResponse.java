package org.ciers.authority.route;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import spark.Response;

/**
 * Writes a response body straight to the servlet response. WebAdmin's response logger records
 * bodies set through Spark; bodies written here carry secrets (passphrases shown once, report
 * tokens) that must not reach any log.
 */
final class RawResponse {
    static final String NO_SPARK_BODY = "";

    private RawResponse() {
    }

    static String write(Response response, int status, String contentType, byte[] body) {
        response.status(status);
        response.type(contentType);
        response.raw().setContentLength(body.length);
        try {
            OutputStream out = response.raw().getOutputStream();
            out.write(body);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
        return NO_SPARK_BODY;
    }
}
