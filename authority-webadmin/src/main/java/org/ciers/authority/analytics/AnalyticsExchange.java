package org.ciers.authority.analytics;

import static org.ciers.authority.web.JsonExchange.guarded;
import static org.ciers.authority.web.JsonExchange.notFound;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.james.webadmin.utils.ErrorResponder;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.web.JsonExchange;
import org.ciers.protocol.model.DomainName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import spark.Request;

/**
 * How the routes that read analytics (the operator's, and the portal's histogram of an
 * organization's own domain) take their parameters and answer: 404 while analytics is off, 503
 * while the index does not answer, 400 naming a bad parameter.
 */
public final class AnalyticsExchange {
    /** The histogram's window when the request names none: the last 30 days, today included. */
    public static final int DEFAULT_HISTOGRAM_DAYS = 30;
    static final int MAX_WINDOW_DAYS = 366;
    static final LocalDate FIRST_DAY = LocalDate.of(2000, 1, 1);
    static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final String DAY_EXPECTED = "a day (yyyy-MM-dd) from " + FIRST_DAY + " to " + LAST_DAY;
    private static final Logger LOGGER = LoggerFactory.getLogger(AnalyticsExchange.class);

    private AnalyticsExchange() {
    }

    /** 404 while analytics is off. */
    public static <T> T enabled(Analytics analytics, Supplier<T> operation) {
        if (!analytics.enabled()) {
            throw notFound("analytics is off (" + AnalyticsConfiguration.KIND + "=" + AnalyticsConfiguration.NONE + ")");
        }
        return operation.get();
    }

    /**
     * An answer of the index: 404 while analytics is off, 503 when the index cannot give one (its
     * reason is logged, never answered: it may name the cluster's hosts and indices).
     */
    public static <T> T engine(Analytics analytics, Supplier<T> query) {
        return enabled(analytics, () -> {
            try {
                return query.get();
            } catch (AnalyticsUnavailableException e) {
                LOGGER.warn("CIERS analytics: a query found the index unavailable: {}", e.getMessage());
                throw JsonExchange.error(503, ErrorResponder.ErrorType.SERVER_ERROR, "the analytics index does not answer now; try again later");
            }
        });
    }

    /** A day between {@link #FIRST_DAY} and {@link #LAST_DAY}: what the index can hold and a window can span. */
    static LocalDate day(String value) {
        return within(LocalDate.parse(value));
    }

    /** An instant, or a day (its start, UTC), between {@link #FIRST_DAY} and {@link #LAST_DAY}. */
    static Instant instant(String value) {
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeException notAnInstant) {
            return day(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        within(LocalDate.ofInstant(instant, ZoneOffset.UTC));
        return instant;
    }

    private static LocalDate within(LocalDate day) {
        if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
            throw new IllegalArgumentException("out of range");
        }
        return day;
    }

    /** {@code from} and {@code to} (days, both included); by default the last {@code defaultDays} days, today included. */
    public static DayWindow window(Request request, Clock clock, int defaultDays) {
        return guarded(() -> {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            LocalDate to = optional(request, "to", AnalyticsExchange::day, DAY_EXPECTED).orElse(today);
            LocalDate from = optional(request, "from", AnalyticsExchange::day, DAY_EXPECTED).orElse(to.minusDays(defaultDays - 1L));
            if (from.isAfter(to)) {
                throw new InvalidFieldException("from", "a day before to");
            }
            if (from.plusDays(MAX_WINDOW_DAYS - 1L).isBefore(to)) {
                throw new InvalidFieldException("to", "at most " + MAX_WINDOW_DAYS + " days after from");
            }
            return new DayWindow(from, to);
        });
    }

    /** A domain's histogram as the routes answer it. */
    public static Map<String, Object> histogram(DomainName domain, DayWindow window, List<DayFigures> days) {
        return Map.of("domain", domain.asString(), "from", window.from().toString(), "to", window.to().toString(), "days", days);
    }

    static <T> Optional<T> optional(Request request, String name, Function<String, T> parser, String expected) {
        String value = request.queryParams(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(parsed(name, value.trim(), parser, expected));
    }

    static <T> T parsed(String name, String value, Function<String, T> parser, String expected) {
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new InvalidFieldException(name, expected);
        }
    }

    static long number(Request request, String name, long defaultValue, long min, long max) {
        return guarded(() -> optional(request, name, value -> {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new IllegalArgumentException("out of range");
            }
            return parsed;
        }, min + " to " + max).orElse(defaultValue));
    }

}
