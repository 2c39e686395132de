package org.ciers.authority.service;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.security.AuthenticationFailureLimiter;
import org.ciers.authority.security.CredentialVerifier;
import org.ciers.authority.store.DomainStore;
import org.ciers.protocol.model.Passphrase;
import org.ciers.protocol.model.ServerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/**
 * Authenticates mail servers by server ID and passphrase, refusing (429) a server ID or a client
 * address that failed too often. A success costs an HMAC once the server has been verified.
 */
@Singleton
public class ServerAuthenticator {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerAuthenticator.class);

    private final DomainStore domains;
    private final CredentialVerifier verifier;
    private final AuthenticationFailureLimiter limiter;

    @Inject
    public ServerAuthenticator(DomainStore domains, CredentialVerifier verifier, AuthenticationFailureLimiter limiter) {
        this.domains = domains;
        this.verifier = verifier;
        this.limiter = limiter;
    }

    Mono<ServerAuthentication> authenticate(ServerId serverId, Passphrase passphrase, String clientAddress) {
        String serverKey = serverKey(serverId);
        String addressKey = addressKey(clientAddress);
        if (limiter.isBlocked(serverKey) || limiter.isBlocked(addressKey)) {
            return Mono.just(new ServerAuthentication.RateLimited());
        }
        return domains.byServerId(serverId)
            .map(domain -> verifier.verify(serverId, passphrase, domain.passphraseHash())
                ? (ServerAuthentication) new ServerAuthentication.Authenticated(domain)
                : refuse(serverKey, addressKey, serverId))
            .switchIfEmpty(Mono.fromSupplier(() -> {
                verifier.verifyUnknown(passphrase);
                return refuse(serverKey, addressKey, serverId);
            }));
    }

    /** Whether this client address is currently refused, for requests not tied to a server ID. */
    boolean isAddressBlocked(String clientAddress) {
        return limiter.isBlocked(addressKey(clientAddress));
    }

    void recordAddressFailure(String clientAddress) {
        limiter.recordFailure(addressKey(clientAddress));
    }

    private ServerAuthentication refuse(String serverKey, String addressKey, ServerId serverId) {
        limiter.recordFailure(serverKey);
        limiter.recordFailure(addressKey);
        LOGGER.warn("CIERS authentication failed for server ID {}", serverId);
        return new ServerAuthentication.Refused();
    }

    private static String serverKey(ServerId serverId) {
        return "server:" + serverId.asString();
    }

    private static String addressKey(String clientAddress) {
        return "address:" + clientAddress;
    }
}
