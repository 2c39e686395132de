package org.ciers.authority.web;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import spark.Response;

/**
 * Writes a response body straight to the servlet response, with its exact length and type.
 * WebAdmin's response logger records bodies set through Spark, and these bodies carry secrets
 * (a passphrase shown once, report tokens): written here, they stay out of its reach.
 */
public final class RawResponse {
    private static final String NO_SPARK_BODY = "";

    private RawResponse() {
    }

    public static String write(Response response, int status, String contentType, byte[] body) {
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
