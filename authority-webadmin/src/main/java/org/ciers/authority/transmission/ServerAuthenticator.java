package org.ciers.authority.transmission;

import java.time.Clock;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.authority.AuthorityConfiguration;
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
    private final AuthenticationFailureLimiter serverLimiter;
    private final AuthenticationFailureLimiter addressLimiter;

    @Inject
    public ServerAuthenticator(DomainStore domains, CredentialVerifier verifier, AuthorityConfiguration configuration, Clock clock) {
        this.domains = domains;
        this.verifier = verifier;
        this.serverLimiter = new AuthenticationFailureLimiter(configuration.maxAuthenticationFailures(),
            configuration.authenticationFailureWindow(), clock);
        this.addressLimiter = new AuthenticationFailureLimiter(configuration.maxAuthenticationFailuresPerAddress(),
            configuration.authenticationFailureWindow(), clock);
    }

    Mono<ServerAuthentication> authenticate(ServerId serverId, Passphrase passphrase, String clientAddress) {
        if (serverLimiter.isBlocked(serverId.asString()) || addressLimiter.isBlocked(clientAddress)) {
            return Mono.just(new ServerAuthentication.RateLimited());
        }
        return domains.byServerId(serverId)
            .map(domain -> verifier.verify(serverId, passphrase, domain.passphraseHash())
                ? (ServerAuthentication) new ServerAuthentication.Authenticated(domain)
                : refuse(serverId, clientAddress))
            .switchIfEmpty(Mono.fromSupplier(() -> {
                verifier.verifyUnknown(passphrase);
                return refuse(serverId, clientAddress);
            }));
    }

    /** Whether this client address is currently refused, for requests not tied to a server ID. */
    boolean isAddressBlocked(String clientAddress) {
        return addressLimiter.isBlocked(clientAddress);
    }

    void recordAddressFailure(String clientAddress) {
        addressLimiter.recordFailure(clientAddress);
    }

    private ServerAuthentication refuse(ServerId serverId, String clientAddress) {
        serverLimiter.recordFailure(serverId.asString());
        addressLimiter.recordFailure(clientAddress);
        LOGGER.warn("CIERS authentication failed for server ID {}", serverId);
        return new ServerAuthentication.Refused();
    }
}
