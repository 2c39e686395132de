package org.ciers.authority.analytics;

import static org.ciers.authority.web.JsonExchange.actor;
import static org.ciers.authority.web.JsonExchange.guarded;
import static org.ciers.authority.web.JsonExchange.notFound;
import static org.ciers.authority.web.JsonExchange.ok;
import static org.ciers.authority.web.JsonExchange.write;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.apache.james.webadmin.Routes;
import org.apache.james.webadmin.utils.ErrorResponder;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.web.JsonExchange;
import org.ciers.protocol.model.DomainName;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * The operator's analytics on {@code /ciers/operator/analytics} (WebAdmin routes: authenticated
 * whenever WebAdmin authentication is on): the state of the copy, report search, top offenders, a
 * domain's daily histogram, and the rebuild. 404 while analytics is off; 503 while the index does
 * not answer (nothing is lost: the copy catches up).
 */
public class AnalyticsRoutes implements Routes {
    public static final String BASE_PATH = "/ciers/operator/analytics";
    public static final String REPORTS = BASE_PATH + "/reports";
    public static final String TOP_OFFENDERS = BASE_PATH + "/top-offenders";
    public static final String HISTOGRAM = BASE_PATH + "/domains/:domain/histogram";
    public static final String REBUILD = BASE_PATH + "/rebuild";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int DEFAULT_TOP_LIMIT = 20;
    static final int MAX_TOP_LIMIT = 1000;
    /** The top offenders' window when the request names none: the last 7 days, today included. */
    static final int DEFAULT_TOP_DAYS = 7;

    private final Analytics analytics;
    private final Clock clock;

    @Inject
    public AnalyticsRoutes(Analytics analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.get(BASE_PATH, (request, response) -> ok(response, status()));
        service.get(REPORTS, (request, response) -> ok(response, engine(() -> analytics.reports(reportQuery(request)))));
        service.get(TOP_OFFENDERS, (request, response) -> {
            DayWindow window = AnalyticsExchange.window(request, clock, DEFAULT_TOP_DAYS);
            long min = AnalyticsExchange.number(request, "min", analytics.configuration().minTransmissions(), 1, Long.MAX_VALUE);
            int limit = (int) AnalyticsExchange.number(request, "limit", DEFAULT_TOP_LIMIT, 1, MAX_TOP_LIMIT);
            return ok(response, Map.of("from", window.from().toString(), "to", window.to().toString(), "minTransmissions", min,
                "offenders", engine(() -> analytics.topOffenders(window.from(), window.to(), min, limit))));
        });
        service.get(HISTOGRAM, (request, response) -> {
            DomainName domain = guarded(() -> AnalyticsExchange.parsed("domain", request.params("domain"), DomainName::of, "a domain name"));
            DayWindow window = AnalyticsExchange.window(request, clock, AnalyticsExchange.DEFAULT_HISTOGRAM_DAYS);
            return ok(response, AnalyticsExchange.histogram(domain, window, engine(() -> analytics.histogram(domain, window.from(), window.to()))));
        });
        service.post(REBUILD, this::rebuild);
        service.get(REBUILD, (request, response) -> ok(response, enabled(() -> analytics.rebuildProgress()
            .orElseThrow(() -> notFound("no rebuild ran since this node started")))));
    }

    /** The copy's state on this node. */
    private Map<String, Object> status() {
        if (!analytics.enabled()) {
            return Map.of("kind", AnalyticsConfiguration.NONE, "enabled", false);
        }
        return Map.of("kind", analytics.configuration().kind(), "enabled", true, "pending", analytics.pending(),
            "indexed", analytics.indexed(), "failure", analytics.failure(), "rebuild", analytics.rebuildProgress());
    }

    /** 202 with the rebuild's first progress; 409 while one runs. */
    private Object rebuild(Request request, Response response) {
        return enabled(() -> analytics.startRebuild(actor(request))
            .map(progress -> write(response, 202, progress))
            .orElseThrow(() -> JsonExchange.error(409, ErrorResponder.ErrorType.INVALID_ARGUMENT, "a rebuild is running")));
    }

    private <T> T enabled(Supplier<T> operation) {
        return AnalyticsExchange.enabled(analytics, operation);
    }

    private <T> T engine(Supplier<T> query) {
        return AnalyticsExchange.engine(analytics, query);
    }

    private ReportQuery reportQuery(Request request) {
        return guarded(() -> new ReportQuery(
            AnalyticsExchange.optional(request, "sender", DomainName::of, "a domain name"),
            AnalyticsExchange.optional(request, "organization", OrganizationId::parse, "an organization ID"),
            AnalyticsExchange.optional(request, "recipient", DomainName::of, "a domain name"),
            AnalyticsExchange.optional(request, "state", AnalyticsRoutes::state, "standing or refuted"),
            AnalyticsExchange.optional(request, "from", AnalyticsExchange::instant, "an ISO-8601 time or day from 2000 to 9999"),
            AnalyticsExchange.optional(request, "to", AnalyticsExchange::instant, "an ISO-8601 time or day from 2000 to 9999"),
            (int) AnalyticsExchange.number(request, "page", 0, 0, ReportQuery.MAX_WINDOW),
            (int) AnalyticsExchange.number(request, "size", DEFAULT_PAGE_SIZE, 1, ReportQuery.MAX_SIZE),
            "oldest".equals(AnalyticsExchange.optional(request, "order", AnalyticsRoutes::order, "newest or oldest").orElse("newest"))));
    }

    private static ReportState state(String value) {
        for (ReportState state : ReportState.values()) {
            if (AnalyticsDocuments.state(state).equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown state");
    }

    private static String order(String value) {
        if (!List.of("newest", "oldest").contains(value)) {
            throw new IllegalArgumentException("unknown order");
        }
        return value;
    }
}
