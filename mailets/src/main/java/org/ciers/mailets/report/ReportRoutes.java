package org.ciers.mailets.report;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.apache.james.webadmin.utils.JsonExtractException;
import org.apache.james.webadmin.utils.JsonExtractor;
import org.apache.james.webadmin.utils.JsonTransformer;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;
import org.eclipse.jetty.http.HttpStatus;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The receiving domain's administrator gives a verdict on a message this server validated, most
 * often to mark a reported message not spam (which refutes the report at the authority):
 * {@code POST /ciers/reports}. The report goes through the {@link ReportOutbox} like a user's.
 */
public class ReportRoutes implements Routes {
    public static final String BASE_PATH = "/ciers/reports";

    /** The body: {@code {"senderServerId": "…", "messageId": "…", "verdict": "not_spam"}}. */
    public record ReportRequest(String senderServerId, String messageId, String verdict) {
    }

    public record Queued(String messageId, String verdict, String state) {
    }

    private final ReportOutbox outbox;
    private final JsonTransformer json;
    private final JsonExtractor<ReportRequest> extractor = new JsonExtractor<>(ReportRequest.class);

    @Inject
    public ReportRoutes(ReportOutbox outbox, JsonTransformer json) {
        this.outbox = outbox;
        this.json = json;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(BASE_PATH, this::report, json);
    }

    private Object report(Request request, Response response) {
        PendingReport report = parse(request);
        try {
            outbox.submit(report);
        } catch (MessagingException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.SERVICE_UNAVAILABLE_503)
                .type(ErrorResponder.ErrorType.SERVER_ERROR)
                .message("the report could not be queued; try again")
                .haltError();
        }
        response.status(HttpStatus.ACCEPTED_202);
        return new Queued(report.messageId().asString(), report.verdict().wireName(), "queued");
    }

    private PendingReport parse(Request request) {
        try {
            ReportRequest body = extractor.parse(request.body());
            return new PendingReport(ServerId.of(required(body.senderServerId(), "senderServerId")),
                MessageId.of(required(body.messageId(), "messageId")), Verdict.fromWire(required(body.verdict(), "verdict")));
        } catch (JsonExtractException | IllegalArgumentException e) {
            throw ErrorResponder.builder()
                .statusCode(HttpStatus.BAD_REQUEST_400)
                .type(ErrorResponder.ErrorType.INVALID_ARGUMENT)
                .message("expected {\"senderServerId\": \"<20 characters>\", \"messageId\": \"<message ID>\", \"verdict\": \"spam\" or \"not_spam\"}: "
                    + e.getMessage())
                .haltError();
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value;
    }
}
