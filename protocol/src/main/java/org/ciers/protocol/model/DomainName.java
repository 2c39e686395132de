package org.ciers.protocol.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/** A mail domain name, lower-cased, checked for DNS syntax (LDH labels, at most 253 characters). */
public final class DomainName {
    private static final Pattern SYNTAX = Pattern.compile(
        "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    private final String value;

    private DomainName(String value) {
        this.value = value;
    }

    public static DomainName of(String value) {
        Objects.requireNonNull(value, "domain name");
        String normalized = value.trim().toLowerCase(Locale.ROOT);
        if (normalized.endsWith(".")) {
            normalized = normalized.substring(0, normalized.length() - 1);
        }
        if (!SYNTAX.matcher(normalized).matches()) {
            throw new IllegalArgumentException("not a domain name: letters, digits and hyphens in dot-separated labels");
        }
        return new DomainName(normalized);
    }

    public String asString() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DomainName other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
