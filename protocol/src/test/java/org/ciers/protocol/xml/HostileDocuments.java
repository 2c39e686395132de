package org.ciers.protocol.xml;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Hostile and broken CIERS documents from a seeded generator (a failure can be replayed): XXE,
 * entity expansion, deep nesting, oversized, binary, wrong types, huge numbers, mutated valid
 * documents. The authority's fuzz test posts them as bodies; the RMTA's sends them as lines.
 */
public final class HostileDocuments {
    private static final String[] ELEMENTS = {"server_id", "passphrase", "recipient_domain", "sender_server_id", "message_id", "verdict",
        "report_token", "CIERS", "x"};

    public static final int MAX_LINE_BYTES = 5_000;

    private HostileDocuments() {
    }

    /** The {@code i}th hostile request body. */
    public static byte[] next(Random random, int i) {
        return switch (i % 10) {
            case 0 -> junk(random, 1 + random.nextInt(300));
            case 1 -> utf8("<?xml version=\"1.0\"?><!DOCTYPE CIERS [<!ENTITY e SYSTEM \"file:///etc/" + random.nextInt(1000)
                + "\">]><CIERS request_type=\"auth_to_send\"><server_id>&e;</server_id></CIERS>");
            case 2 -> utf8("<!DOCTYPE l [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><CIERS request_type=\"trust_value\">&b;</CIERS>");
            case 3 -> utf8("<CIERS request_type=\"auth_to_send\">" + "<x>".repeat(1 + random.nextInt(200)) + "</CIERS>");
            case 4 -> junk(random, 64 * 1024 + random.nextInt(4096));
            case 5 -> utf8("<CIERS request_type=\"" + ELEMENTS[random.nextInt(ELEMENTS.length)] + "\"><server_id>"
                + random.nextLong() + "</server_id><passphrase>" + "9".repeat(random.nextInt(400)) + "</passphrase></CIERS>");
            case 6 -> utf8("<CIERS request_type=\"client_response\"><sender_server_id>" + random.nextInt() + "</sender_server_id>"
                + "<message_id>ciers." + "Z".repeat(random.nextInt(64)) + "</message_id><verdict>" + random.nextInt() + "</verdict></CIERS>");
            case 7 -> utf8("<CIERS request_type=\"trust_value\"><" + ELEMENTS[random.nextInt(ELEMENTS.length)] + ">"
                + Long.MAX_VALUE + "" + random.nextLong() + "</" + ELEMENTS[random.nextInt(ELEMENTS.length)] + "></CIERS>");
            case 8 -> utf8("<CIERS request_type=\"auth_to_send\"><server_id>AAAAAAAAAAAAAAAAAAA" + (char) ('A' + random.nextInt(26))
                + "</server_id><passphrase>" + "p".repeat(20) + "</passphrase><recipient_domain>d" + random.nextInt(100)
                + ".example</recipient_domain></CIERS>");
            default -> mutate(random, utf8("<CIERS request_type=\"trust_value\"><server_id>AAAAAAAAAAAAAAAAAAA1</server_id>"
                + "<passphrase>p4ssphr4sep4ssphr4se</passphrase><sender_server_id>BBBBBBBBBBBBBBBBBBB2</sender_server_id>"
                + "<message_id>ciers.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</message_id></CIERS>"));
        };
    }

    /**
     * The {@code i}th hostile line after {@code CIERS}: a body as above with its line breaks replaced,
     * and every eleventh an initiate_send of the right shape for a message ID nobody issued. Lines
     * stay below {@link #MAX_LINE_BYTES}: past the SMTP server's own frame limit (between 5,000 and
     * 20,000 bytes in James 3.8.1) James answers 500 itself and the line never reaches CIERS.
     */
    public static byte[] nextLine(Random random, int i) {
        byte[] line = i % 11 == 10
            ? utf8("<CIERS request_type=\"initiate_send\"><server_id>" + "S".repeat(19) + (char) ('A' + random.nextInt(26))
                + "</server_id><message_id>ciers." + Long.toString(Math.abs(random.nextLong()), 32).toUpperCase() + "QQQQQQQQQQQQQQQQ"
                + "</message_id></CIERS>")
            : next(random, i);
        if (line.length > MAX_LINE_BYTES) {
            // still beyond CIERS's 4,096 bytes
            line = Arrays.copyOf(line, 4097 + random.nextInt(MAX_LINE_BYTES - 4097));
        }
        for (int k = 0; k < line.length; k++) {
            if (line[k] == '\r' || line[k] == '\n') {
                line[k] = 'x';
            }
        }
        return line;
    }

    private static byte[] junk(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(Random random, byte[] document) {
        for (int k = 1 + random.nextInt(5); k > 0; k--) {
            document[random.nextInt(document.length)] = (byte) random.nextInt(256);
        }
        return document;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
