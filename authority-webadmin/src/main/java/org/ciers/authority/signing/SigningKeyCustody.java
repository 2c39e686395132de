package org.ciers.authority.signing;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.StoredSigningKey;
import org.ciers.authority.security.AtRestCipher;
import org.ciers.authority.store.SigningKeyStore;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the authority's message ID signing keys (spec §10): made at first start, kept in the store
 * that every authority node shares, their private halves sealed at rest ({@link AtRestCipher}).
 * Each node holds the decrypted set in memory and rereads it every {@link #REFRESH} in the
 * background, so that a rotation or removal made on one node reaches the others without a read on
 * the hot path.
 */
@Singleton
public class SigningKeyCustody {
    /** How stale a node's copy of the key set may be. */
    public static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Logger LOGGER = LoggerFactory.getLogger(SigningKeyCustody.class);

    /** One key, decrypted. */
    record LoadedKey(StoredSigningKey stored, SigningKey signing, Ed25519PublicKeyParameters publicKey) {
    }

    private record KeySet(Map<Integer, LoadedKey> keys, Instant loadedAt) {
    }

    private final SigningKeyStore store;
    private final AtRestCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicBoolean reloading = new AtomicBoolean();
    private volatile KeySet keySet;

    /**
     * Loads the key set (making the first key on a first start) before any request comes: the hot
     * path must never wait for the store, and a store's I/O thread must never block on itself.
     */
    @Inject
    public SigningKeyCustody(SigningKeyStore store, AtRestCipher cipher, Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.clock = clock;
        reload();
    }

    /** The key that signs now: of the listed keys whose time has come, the latest. */
    public SigningKey current() {
        Map<Integer, LoadedKey> keys = keys();
        Instant now = clock.instant();
        return keys.values().stream()
            .filter(key -> !now.isBefore(key.stored().signsFrom()) && key.stored().isListedAt(now))
            .max(Comparator.comparing((LoadedKey key) -> key.stored().signsFrom()).thenComparing(key -> key.stored().keyId()))
            .map(LoadedKey::signing)
            .orElseThrow(() -> new IllegalStateException("no signing key may sign now: add one with the operator route"));
    }

    /** The public keys to list at {@code GET /ciers/v1/keys}: every key not past its listing. */
    public List<KeysResponse.PublicKey> listed() {
        Map<Integer, LoadedKey> keys = keys();
        Instant now = clock.instant();
        return keys.values().stream()
            .map(LoadedKey::stored)
            .filter(key -> key.isListedAt(now))
            .sorted(Comparator.comparingInt(StoredSigningKey::keyId))
            .map(key -> new KeysResponse.PublicKey(key.keyId(), key.publicKey(), key.signsFrom(), key.listedUntil()))
            .toList();
    }

    /** Whether one of this authority's keys, still kept, signed exactly this ID. */
    public boolean signed(SignedMessageId id) {
        LoadedKey key = keys().get(id.keyId());
        return key != null && id.signedWith(key.signing());
    }

    /** Every stored key as it stands (for the operator). */
    public List<StoredSigningKey> stored() {
        return reload().values().stream().map(LoadedKey::stored).toList();
    }

    /** A new key pair, sealed for the store, signing from {@code signsFrom}; its ID is random and none of {@code taken}. */
    StoredSigningKey newKey(Instant signsFrom, Set<Integer> taken) {
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(random);
        int keyId;
        do {
            keyId = random.nextInt() & Integer.MAX_VALUE;
        } while (taken.contains(keyId));
        try {
            return new StoredSigningKey(keyId, cipher.seal(privateKey.getEncoded()), privateKey.generatePublicKey().getEncoded(),
                signsFrom, Optional.empty());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a signing key", e);
        }
    }

    /** Rereads the store now (after a change made on this node). */
    Map<Integer, LoadedKey> reload() {
        List<StoredSigningKey> stored = store.list().collectList().block();
        if (stored.isEmpty()) {
            // first start: make the first key, signing at once (no receiving server can hold an older set)
            StoredSigningKey first = newKey(clock.instant(), Set.of());
            if (Boolean.TRUE.equals(store.add(first).block())) {
                LOGGER.info("CIERS: first message ID signing key made, key ID {}", first.keyId());
            }
            stored = store.list().collectList().block();
        }
        Map<Integer, LoadedKey> loaded = loadAll(stored);
        keySet = new KeySet(loaded, clock.instant());
        return loaded;
    }

    private Map<Integer, LoadedKey> keys() {
        KeySet current = keySet;
        if (current.loadedAt().plus(REFRESH).isBefore(clock.instant()) && reloading.compareAndSet(false, true)) {
            // in the background: the hot path goes on with the copy it has
            store.list().collectList()
                .doFinally(any -> reloading.set(false))
                .subscribe(stored -> keySet = new KeySet(loadAll(stored), clock.instant()),
                    failure -> LOGGER.warn("CIERS: cannot reread the signing keys, keeping the ones loaded: {}", failure.toString()));
        }
        return current.keys();
    }

    private Map<Integer, LoadedKey> loadAll(List<StoredSigningKey> stored) {
        return stored.stream().map(this::load)
            .collect(Collectors.toUnmodifiableMap(key -> key.stored().keyId(), Function.identity()));
    }

    private LoadedKey load(StoredSigningKey stored) {
        try {
            Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(cipher.open(stored.encryptedPrivateKey()), 0);
            return new LoadedKey(stored, new SigningKey(stored.keyId(), privateKey), new Ed25519PublicKeyParameters(stored.publicKey(), 0));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read signing key " + stored.keyId() + ": is " + AuthorityConfiguration.CA_KEY
                + " the key it was sealed with?", e);
        }
    }
}
