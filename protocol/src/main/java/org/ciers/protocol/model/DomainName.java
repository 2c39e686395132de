package org.ciers.protocol.model;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A mail domain name, lower-cased, checked for DNS syntax (LDH labels, at most 253 characters).
 * A record whose constructor normalises and checks, so that every instance is in canonical form.
 */
public record DomainName(String value) {
    private static final Pattern SYNTAX = Pattern.compile(
        "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    public DomainName {
        Objects.requireNonNull(value, "domain name");
        value = value.trim().toLowerCase(Locale.ROOT);
        if (value.endsWith(".")) {
            value = value.substring(0, value.length() - 1);
        }
        if (!SYNTAX.matcher(value).matches()) {
            throw new IllegalArgumentException("not a domain name: letters, digits and hyphens in dot-separated labels");
        }
    }

    public static DomainName of(String value) {
        return new DomainName(value);
    }

    public String asString() {
        return value;
    }

    /** The bare name, not the record's {@code DomainName[value=…]}. */
    @Override
    public String toString() {
        return value;
    }
}
