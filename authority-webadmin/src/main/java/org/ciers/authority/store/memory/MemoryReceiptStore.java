package org.ciers.authority.store.memory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.ciers.authority.model.ValidationReceipt;
import org.ciers.authority.store.ReceiptStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;

import reactor.core.publisher.Mono;

/** Counts at once: the first receipt of an ID wins the map, and only the winner adds to its domain's count. */
public class MemoryReceiptStore implements ReceiptStore {
    private final Map<MessageId, ValidationReceipt> receipts = new ConcurrentHashMap<>();
    private final Map<DomainName, AtomicLong> counts = new ConcurrentHashMap<>();

    @Override
    public Mono<Boolean> record(ValidationReceipt receipt) {
        return Mono.fromSupplier(() -> {
            if (receipts.putIfAbsent(receipt.messageId(), receipt) != null) {
                return false;
            }
            counts.computeIfAbsent(receipt.senderDomain(), any -> new AtomicLong()).incrementAndGet();
            return true;
        });
    }

    @Override
    public Mono<ValidationReceipt> get(MessageId messageId) {
        return Mono.fromSupplier(() -> receipts.get(messageId));
    }

    @Override
    public Mono<Long> counted(DomainName senderDomain) {
        return Mono.fromSupplier(() -> {
            AtomicLong count = counts.get(senderDomain);
            return count == null ? 0L : count.get();
        });
    }
}
