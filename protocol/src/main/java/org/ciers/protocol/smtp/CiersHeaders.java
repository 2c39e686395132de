package org.ciers.protocol.smtp;

/**
 * The headers a receiving server stamps on mail it accepted with CIERS (spec §3). Only the
 * receiving server may write them: every header with {@link #PREFIX} a message arrives with is
 * removed first.
 */
public final class CiersHeaders {
    public static final String PREFIX = "X-CIERS-";
    public static final String SERVER_ID = PREFIX + "ServerID";
    public static final String MESSAGE_ID = PREFIX + "MessageID";
    public static final String TRUST_VALUE = PREFIX + "TrustValue";
    /** Stamped only when the administrator asks for it, for clients that report directly. */
    public static final String REPORT_TOKEN = PREFIX + "ReportToken";

    private CiersHeaders() {
    }

    /** Whether a header is one only the receiving server may write (matched without regard to case). */
    public static boolean isStamp(String headerName) {
        return headerName.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
