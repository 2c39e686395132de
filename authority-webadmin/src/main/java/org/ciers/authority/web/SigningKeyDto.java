package org.ciers.authority.web;

import java.time.Instant;
import java.util.Base64;

import org.ciers.authority.model.StoredSigningKey;

/** A signing key as the operator sees it: its ID, public half (base64url) and validity; never the private half. */
public record SigningKeyDto(int keyId, String publicKey, Instant signsFrom, Instant listedUntil) {
    public static SigningKeyDto of(StoredSigningKey key) {
        return new SigningKeyDto(key.keyId(), Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKey()),
            key.signsFrom(), key.listedUntil().orElse(null));
    }
}
