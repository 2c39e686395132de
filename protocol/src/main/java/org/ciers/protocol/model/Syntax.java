package org.ciers.protocol.model;

/**
 * Character-class checks for the identifiers that arrive with every protocol request: a loop over
 * the characters, where a regular expression cost a measurable share of an authority request.
 */
final class Syntax {
    private Syntax() {
    }

    /** {@code [A-Za-z0-9]{min,max}}, or with {@code tokenChars} also {@code _} and {@code -}. */
    static boolean isAlphanumeric(String value, int min, int max, boolean tokenChars) {
        return isAlphanumeric(value, 0, value.length(), min, max, tokenChars);
    }

    static boolean isAlphanumeric(String value, int from, int to, int min, int max, boolean tokenChars) {
        int length = to - from;
        if (length < min || length > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || (tokenChars && (c == '_' || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z0-9][a-z0-9-]{0,max-1}} over {@code value[from, to)}. */
    static boolean isLowerLabel(String value, int from, int to, int max) {
        int length = to - from;
        if (length < 1 || length > max || value.charAt(from) == '-') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
