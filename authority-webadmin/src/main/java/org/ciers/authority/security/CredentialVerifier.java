package org.ciers.authority.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * Checks a server's passphrase against its stored slow hash, paying the KDF once per server:
 * a success is remembered as HMAC(process key, server ID ‖ passphrase ‖ stored hash), so later
 * requests cost one HMAC and a constant-time compare. The key is random per process and never
 * leaves memory; a changed stored hash no longer matches, so rotation needs no invalidation.
 */
public class CredentialVerifier {
    private static final String HMAC = "HmacSHA256";
    /** Stands in for an unknown server ID so that its failure costs as much as a wrong passphrase. */
    private final String decoyHash;

    private final PassphraseHasher hasher;
    /** Mac instances are not thread-safe; one per thread saves a provider lookup on every request. */
    private final ThreadLocal<Mac> mac;
    private final Cache<ServerId, byte[]> verified;

    public CredentialVerifier(PassphraseHasher hasher, SecretGenerator random, long cacheSize) {
        this.hasher = hasher;
        SecretKeySpec key = new SecretKeySpec(random.bytes(32), HMAC);
        this.mac = ThreadLocal.withInitial(() -> newMac(key));
        this.verified = CacheBuilder.newBuilder().maximumSize(cacheSize).build();
        this.decoyHash = hasher.hash(random.passphrase().reveal());
    }

    public boolean verify(ServerId serverId, Passphrase passphrase, String storedHash) {
        byte[] tag = tag(serverId, passphrase, storedHash);
        byte[] known = verified.getIfPresent(serverId);
        if (known != null && MessageDigest.isEqual(known, tag)) {
            return true;
        }
        if (hasher.matches(passphrase.reveal(), storedHash)) {
            verified.put(serverId, tag);
            return true;
        }
        return false;
    }

    /** Spends the same KDF work as a real check, then fails: unknown IDs are not told apart by timing. */
    public boolean verifyUnknown(Passphrase passphrase) {
        hasher.matches(passphrase.reveal(), decoyHash);
        return false;
    }

    private byte[] tag(ServerId serverId, Passphrase passphrase, String storedHash) {
        Mac hmac = mac.get();
        // doFinal resets the Mac for the next call on this thread
        hmac.update(serverId.asString().getBytes(StandardCharsets.US_ASCII));
        hmac.update((byte) 0);
        hmac.update(passphrase.bytes());
        hmac.update((byte) 0);
        return hmac.doFinal(storedHash.getBytes(StandardCharsets.US_ASCII));
    }

    private static Mac newMac(SecretKeySpec key) {
        try {
            Mac hmac = Mac.getInstance(HMAC);
            hmac.init(key);
            return hmac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(HMAC + " is part of every Java 17 runtime", e);
        }
    }
}
