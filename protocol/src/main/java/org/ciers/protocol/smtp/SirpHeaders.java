package org.ciers.protocol.smtp;

/**
 * The headers of a SIRP stub (spec §6): the notification a receiving server files in the
 * recipient's Pending mailbox names the msid, where to pull it from (the address that notified, and
 * the host name its certificate must show) and for which sender domain; a failed pull leaves a stub
 * that says why. Only the receiving server writes them: any a sender sends are dropped.
 */
public final class SirpHeaders {
    public static final String PREFIX = "X-SIRP-";
    public static final String MSID = PREFIX + "MSID";
    /** The name the notifying server greeted with: for people; a pull never goes by it. */
    public static final String HOST = PREFIX + "Host";
    /** The address the notification came from: the only one a pull connects to. */
    public static final String ADDRESS = PREFIX + "Address";
    /** This server's proof that it filed the stub: a stub a user appended to Pending has none. */
    public static final String SEAL = PREFIX + "Seal";
    public static final String SENDER_DOMAIN = PREFIX + "Sender-Domain";
    public static final String PULL_ERROR = PREFIX + "Pull-Error";

    private SirpHeaders() {
    }

    /** Whether a header is one only the receiving server may write on a stub (matched without regard to case). */
    public static boolean isStubHeader(String headerName) {
        return headerName.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }
}
