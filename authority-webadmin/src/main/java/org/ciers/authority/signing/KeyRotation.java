package org.ciers.authority.signing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.StoredSigningKey;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.SigningKeyStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's changes to the signing keys, with the overlap rules of spec §10: a new key is
 * listed one ID lifetime before it signs, so that every receiving server can have it in time; the
 * keys it replaces keep signing until then and stay listed one ID lifetime more, until the last ID
 * they signed has expired. Removing a key refuses every ID it signed.
 */
@Singleton
public class KeyRotation {
    private static final Logger LOGGER = LoggerFactory.getLogger(KeyRotation.class);

    private final SigningKeyCustody custody;
    private final SigningKeyStore store;
    private final AuditTrail audit;
    private final Duration idLifetime;
    private final Clock clock;

    @Inject
    public KeyRotation(SigningKeyCustody custody, SigningKeyStore store, AuditTrail audit, AuthorityConfiguration configuration, Clock clock) {
        this.custody = custody;
        this.store = store;
        this.audit = audit;
        this.idLifetime = configuration.transmissionExpiry();
        this.clock = clock;
    }

    /** Adds the next key; returns it. */
    public StoredSigningKey rotate(String operator) {
        Instant now = clock.instant();
        Instant signsFrom = now.plus(idLifetime);
        List<StoredSigningKey> stored = custody.stored();
        List<StoredSigningKey> replaced = stored.stream().filter(key -> key.listedUntil().isEmpty()).toList();
        StoredSigningKey next = custody.newKey(signsFrom, stored.stream().map(StoredSigningKey::keyId).collect(Collectors.toSet()));
        store.add(next).block();
        for (StoredSigningKey key : replaced) {
            store.retire(key.keyId(), signsFrom.plus(idLifetime)).block();
        }
        custody.reload();
        LOGGER.info("CIERS: signing key {} added, signs from {}; {} key(s) retire then", next.keyId(), signsFrom, replaced.size());
        audit.record(operator, "signing-key.added", Integer.toString(next.keyId())).block();
        return next;
    }

    /** What became of a removal. */
    public enum Removal { REMOVED, UNKNOWN, SIGNS_NOW }

    /**
     * Removes a retired key: the one that signs now and the one that will sign next (not retired)
     * stay, or the authority would be left without a key to sign with.
     */
    public Removal remove(String operator, int keyId) {
        Optional<StoredSigningKey> key = custody.stored().stream().filter(stored -> stored.keyId() == keyId).findFirst();
        if (key.isEmpty()) {
            return Removal.UNKNOWN;
        }
        if (key.get().listedUntil().isEmpty() || custody.current().keyId() == keyId) {
            return Removal.SIGNS_NOW;
        }
        store.remove(keyId).block();
        custody.reload();
        LOGGER.info("CIERS: signing key {} removed; IDs it signed are refused from now on", keyId);
        audit.record(operator, "signing-key.removed", Integer.toString(keyId)).block();
        return Removal.REMOVED;
    }
}
