package org.ciers.protocol.smtp;

/**
 * The headers of a SIRP stub (spec §6): the notification a receiving server files in the
 * recipient's Pending mailbox names the msid, where to pull it from and for which sender domain;
 * a failed pull leaves a stub that says why.
 */
public final class SirpHeaders {
    public static final String PREFIX = "X-SIRP-";
    public static final String MSID = PREFIX + "MSID";
    public static final String HOST = PREFIX + "Host";
    public static final String SENDER_DOMAIN = PREFIX + "Sender-Domain";
    public static final String PULL_ERROR = PREFIX + "Pull-Error";

    private SirpHeaders() {
    }
}
