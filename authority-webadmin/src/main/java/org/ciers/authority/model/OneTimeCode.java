package org.ciers.authority.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A one-time code the authority sent (by mail, to a phone, in a domain approval link), kept only as
 * a keyed hash: it confirms {@code subject} for {@code purpose} once, before it expires.
 */
public record OneTimeCode(Purpose purpose, String subject, String codeHash, Instant expiresAt) {
    public enum Purpose {
        EMAIL,
        PHONE,
        DOMAIN_APPROVAL
    }

    public OneTimeCode {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(codeHash, "codeHash");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
        return "OneTimeCode[" + purpose + ", " + subject + ", expires " + expiresAt + "]";
    }
}
