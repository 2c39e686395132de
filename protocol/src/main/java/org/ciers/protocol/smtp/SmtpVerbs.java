package org.ciers.protocol.smtp;

/**
 * The SMTP verbs CIERS and SIRP add (spec §3 and §6). The receiving side implements them, the
 * sending side and the SIRP puller send them: both use these names, so that they cannot drift.
 */
public final class SmtpVerbs {
    /** After STARTTLS: the sender presents its {@code initiate_send} line for the authority's validation. */
    public static final String CIERS = "CIERS";
    /** In place of DATA: the sender notifies a message that waits on its server ({@code MSID <msid>}). */
    public static final String MSID = "MSID";
    /** The recipient's server pulls a waiting message ({@code GTML <msid>}), after proving its domain with CIERS. */
    public static final String GTML = "GTML";

    private SmtpVerbs() {
    }
}
