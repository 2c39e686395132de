package org.ciers.authority.web;

import java.io.IOException;
import java.util.function.Supplier;

import org.apache.james.webadmin.authentication.AuthenticationFilter;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.ciers.authority.accreditation.AccountException;
import org.ciers.authority.accreditation.AccreditationException;
import org.ciers.authority.shared.NotFoundException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import spark.HaltException;
import spark.Request;
import spark.Response;

/**
 * How the authority's JSON routes read bodies, answer, and turn a client's mistakes into 4xx
 * answers with a JSON error body naming the field (never a 500): one place for the operator and
 * portal routes.
 */
public final class JsonExchange {
    private static final String JSON = "application/json";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private JsonExchange() {
    }

    public static <T> T parse(Request request, Class<T> type) {
        byte[] body = BoundedBody.read(request, MAX_BODY_BYTES)
            .orElseThrow(() -> badRequest("the body is larger than " + MAX_BODY_BYTES + " bytes", null));
        try {
            T parsed = MAPPER.readValue(body, type);
            if (parsed == null) {
                throw badRequest("a JSON object is required", null);
            }
            return parsed;
        } catch (JsonProcessingException e) {
            throw badRequest("the body is not valid JSON for this route: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw badRequest("the body could not be read", null);
        }
    }

    /** Runs an operation, turning the client's mistakes into 400, 401, 403, 404, 409 and 429 answers. */
    public static <T> T guarded(Supplier<T> operation) {
        try {
            return operation.get();
        } catch (NotFoundException e) {
            throw notFound(e.getMessage());
        } catch (AccreditationException e) {
            if (e.reason() == AccreditationException.Reason.UNKNOWN_ORGANIZATION) {
                throw notFound(e.getMessage());
            }
            throw error(409, ErrorResponder.ErrorType.INVALID_ARGUMENT, e.getMessage());
        } catch (AccountException e) {
            switch (e.reason()) {
                case WRONG_CREDENTIALS -> throw error(401, ErrorResponder.ErrorType.INVALID_ARGUMENT, e.getMessage());
                case NOT_ACTIVE -> throw error(403, ErrorResponder.ErrorType.INVALID_ARGUMENT, e.getMessage());
                default -> throw error(429, ErrorResponder.ErrorType.INVALID_ARGUMENT, e.getMessage());
            }
        } catch (IllegalArgumentException e) {
            throw badRequest(e.getMessage(), e);
        }
    }

    private static HaltException badRequest(String message, Exception cause) {
        ErrorResponder responder = ErrorResponder.builder().statusCode(400).type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
            .message(message);
        return cause == null ? responder.haltError() : responder.cause(cause).haltError();
    }

    public static HaltException notFound(String message) {
        return error(404, ErrorResponder.ErrorType.NOT_FOUND, message);
    }

    public static HaltException error(int status, ErrorResponder.ErrorType type, String message) {
        return ErrorResponder.builder().statusCode(status).type(type).message(message).haltError();
    }

    /** A JSON document read as {@code type}; what does not fit is an {@link IllegalArgumentException}. */
    public static <T> T read(byte[] json, Class<T> type) {
        try {
            T parsed = MAPPER.readValue(json, type);
            if (parsed == null) {
                throw new IllegalArgumentException("a JSON object is required");
            }
            return parsed;
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON for " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** A value as the routes write it. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the authority's own DTOs always serialize", e);
        }
    }

    /** Who did it, for the log and the audit trail: WebAdmin's authenticated login when authentication is on. */
    public static String actor(Request request) {
        Object login = request.attribute(AuthenticationFilter.LOGIN);
        return login == null ? "webadmin" : "webadmin user " + login;
    }

    public static String ok(Response response, Object body) {
        return write(response, 200, body);
    }

    public static String write(Response response, int status, Object body) {
        return RawResponse.write(response, status, JSON, bytes(body));
    }
}
