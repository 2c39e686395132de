package org.ciers.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A James {@code .properties} file edited line by line, so that the administrator's comments, order
 * and other keys stay as they were. A key is found on its first uncommented line; a new key goes on
 * a line of its own at the end (James's stock files end without a newline, where an appended
 * {@code key=value} would run on into the last comment).
 */
final class PropertiesFile {
    private final Path path;
    private final String original;
    private final List<String> lines;

    private PropertiesFile(Path path, String original) {
        this.path = path;
        this.original = original;
        this.lines = new ArrayList<>(original.isEmpty() ? List.of() : Arrays.asList(original.split("\r?\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
    }

    static PropertiesFile read(Path path) throws IOException {
        return new PropertiesFile(path, Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "");
    }

    Path path() {
        return path;
    }

    boolean exists() {
        return Files.exists(path);
    }

    Optional<String> get(String key) {
        int at = lineOf(key);
        return at < 0 ? Optional.empty() : Optional.of(valueOf(lines.get(at)));
    }

    /**
     * Adds each value to the comma-separated list under {@code key} unless listed already; the key's
     * other values and their order are kept. Answers the values it added.
     */
    List<String> addToList(String key, List<String> values) {
        int at = lineOf(key);
        Set<String> listed = new LinkedHashSet<>();
        if (at >= 0) {
            Arrays.stream(valueOf(lines.get(at)).split(",")).map(String::trim).filter(value -> !value.isEmpty()).forEach(listed::add);
        }
        List<String> added = values.stream().filter(value -> !listed.contains(value)).toList();
        if (added.isEmpty()) {
            return added;
        }
        listed.addAll(added);
        put(at, key, String.join(",", listed));
        return added;
    }

    /** Sets the key only when the file has none: the administrator's value wins. True when set. */
    boolean setIfAbsent(String key, String value) {
        if (lineOf(key) >= 0) {
            return false;
        }
        put(-1, key, value);
        return true;
    }

    /** Sets the key to the value. True when that changed the file. */
    boolean set(String key, String value) {
        int at = lineOf(key);
        if (at >= 0 && valueOf(lines.get(at)).equals(value)) {
            return false;
        }
        put(at, key, value);
        return true;
    }

    boolean changed() {
        return !content().equals(original);
    }

    String content() {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private void put(int at, String key, String value) {
        if (at >= 0 && continues(lines.get(at))) {
            // the value goes on over the next lines: rewriting this one would cut it in two
            throw new IllegalArgumentException(path + ": " + key + " continues over several lines (a line ending in \\); join them "
                + "into one line, then run the installer again");
        }
        String line = key + "=" + value;
        if (at >= 0) {
            lines.set(at, line);
        } else {
            lines.add(line);
        }
    }

    private int lineOf(String key) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).stripLeading();
            if (line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int separator = separatorOf(line);
            if (separator > 0 && line.substring(0, separator).trim().equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static String valueOf(String line) {
        String stripped = line.stripLeading();
        String rest = stripped.substring(separatorOf(stripped)).stripLeading();
        // "key = value", "key: value" and "key value" alike
        return (rest.startsWith("=") || rest.startsWith(":") ? rest.substring(1) : rest).trim();
    }

    /** The first '=', ':' or blank, as java.util.Properties reads a key (escaped separators aside: James's keys have none). */
    private static int separatorOf(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                return i;
            }
        }
        return -1;
    }

    /** Whether the line's value goes on over the next line: it ends in an odd number of backslashes. */
    private static boolean continues(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
