package org.ciers.protocol.settings;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads {@code ciers.properties} values for every role: a missing or blank key takes its default,
 * a bad value fails with a message naming the file and the key (never repeating the value, which
 * may be a passphrase).
 */
public final class CiersProperties {
    public static final String FILE = "ciers.properties";

    private final Function<String, String> lookup;

    /** @param lookup the raw value of a key, or null; e.g. {@code key -> configuration.getString(key, null)} */
    public CiersProperties(Function<String, String> lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    public <T> Optional<T> optional(String key, Function<String, T> parser) {
        String value = lookup.apply(key);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(parser.apply(value.trim()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(FILE + ": bad value for " + key + ": " + e.getMessage(), e);
        }
    }

    public <T> T orDefault(String key, T defaultValue, Function<String, T> parser) {
        return optional(key, parser).orElse(defaultValue);
    }

    public <T> T required(String key, Function<String, T> parser) {
        return optional(key, parser).orElseThrow(() -> new IllegalArgumentException(FILE + ": " + key + " is required"));
    }
}
