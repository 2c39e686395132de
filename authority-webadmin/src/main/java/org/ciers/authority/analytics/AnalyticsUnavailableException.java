package org.ciers.authority.analytics;

/** The search engine did not answer, or answered with an error: what was asked can be asked again later. */
public class AnalyticsUnavailableException extends RuntimeException {
    public AnalyticsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
