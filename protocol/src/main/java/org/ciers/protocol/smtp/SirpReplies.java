package org.ciers.protocol.smtp;

/**
 * The receiving server's "pull only" signal (spec §6): its answer to {@code DATA} from a sender it
 * pulls from. The sending side recognises exactly this reply, then notifies by {@code MSID}.
 */
public final class SirpReplies {
    /** The reply code, the enhanced status code ({@code 5.7.1}) and the text of the signal. */
    public static final int PULL_ONLY_CODE = 550;
    public static final String PULL_ONLY_STATUS = "5.7.1";
    public static final String PULL_ONLY_TEXT = "SIRP: this server pulls this mail; send " + SmtpVerbs.MSID + " <msid> instead of DATA";
    /** The reply after its code, as the receiving server writes it. */
    public static final String PULL_ONLY_REPLY = PULL_ONLY_STATUS + " " + PULL_ONLY_TEXT;

    private SirpReplies() {
    }

    /**
     * Whether a reply is the pull-only signal.
     *
     * @param code  the reply code
     * @param reply the reply as the client read it, with or without its code in front
     */
    public static boolean isPullOnly(int code, String reply) {
        if (code != PULL_ONLY_CODE || reply == null) {
            return false;
        }
        String text = reply.strip();
        String withCode = PULL_ONLY_CODE + " ";
        if (text.startsWith(withCode)) {
            text = text.substring(withCode.length());
        }
        return text.equals(PULL_ONLY_REPLY);
    }
}
