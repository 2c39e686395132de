package org.ciers.authority.store.memory;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.store.OneTimeCodeStore;

import reactor.core.publisher.Mono;

public class MemoryOneTimeCodeStore implements OneTimeCodeStore {
    private record Key(OneTimeCode.Purpose purpose, String subject) {
    }

    private final ConcurrentHashMap<Key, OneTimeCode> codes = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> put(OneTimeCode code) {
        return Mono.fromRunnable(() -> codes.put(new Key(code.purpose(), code.subject()), code));
    }

    @Override
    public Mono<Boolean> consume(OneTimeCode.Purpose purpose, String subject, String codeHash, Instant now) {
        return Mono.fromSupplier(() -> {
            Key key = new Key(purpose, subject);
            OneTimeCode current = codes.get(key);
            if (current == null || !now.isBefore(current.expiresAt())
                || !MessageDigest.isEqual(current.codeHash().getBytes(StandardCharsets.US_ASCII), codeHash.getBytes(StandardCharsets.US_ASCII))) {
                return false;
            }
            // removing exactly this code makes the use single, whoever else tries at once
            return codes.remove(key, current);
        });
    }
}
