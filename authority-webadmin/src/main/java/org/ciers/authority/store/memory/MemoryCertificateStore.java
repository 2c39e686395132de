package org.ciers.authority.store.memory;

import java.math.BigInteger;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.ciers.authority.model.CaKeys;
import org.ciers.authority.model.IssuedCertificate;
import org.ciers.authority.store.CertificateStore;
import org.ciers.protocol.model.DomainName;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public class MemoryCertificateStore implements CertificateStore {
    private final AtomicReference<CaKeys> ca = new AtomicReference<>();
    private final ConcurrentHashMap<BigInteger, IssuedCertificate> certificates = new ConcurrentHashMap<>();

    @Override
    public Mono<CaKeys> initCa(CaKeys candidate) {
        return Mono.fromSupplier(() -> {
            ca.compareAndSet(null, candidate);
            return ca.get();
        });
    }

    @Override
    public Mono<CaKeys> ca() {
        return Mono.fromSupplier(ca::get);
    }

    @Override
    public Mono<Void> issued(IssuedCertificate certificate) {
        return Mono.fromRunnable(() -> certificates.put(certificate.serial(), certificate));
    }

    @Override
    public Flux<IssuedCertificate> byDomain(DomainName domain) {
        return Flux.defer(() -> Flux.fromStream(certificates.values().stream()
            .filter(certificate -> certificate.domain().equals(domain))
            .sorted(BY_MX_HOST_AND_SERIAL)));
    }

    @Override
    public Mono<Void> revokeDomain(DomainName domain) {
        return Mono.fromRunnable(() -> certificates.replaceAll((serial, certificate) ->
            certificate.domain().equals(domain) ? certificate.asRevoked() : certificate));
    }
}
