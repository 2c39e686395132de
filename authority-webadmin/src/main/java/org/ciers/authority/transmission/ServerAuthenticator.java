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
 * Authenticates mail servers by server ID and passphrase, refusing (429) a client address that
 * failed too often, overall or for one server ID. Failures are never counted per server ID alone:
 * server IDs are public (every stamped message names one), so a stranger's failures would lock the
 * owner out; the right passphrase from an address that has not failed always works (spec §4).
 * A success costs an HMAC once the server has been verified.
 */
@Singleton
public class ServerAuthenticator {
    private static final Logger LOGGER = LoggerFactory.getLogger(ServerAuthenticator.class);

    private final DomainStore domains;
    private final CredentialVerifier verifier;
    /** Keyed by server ID and client address together. */
    private final AuthenticationFailureLimiter serverAtAddressLimiter;
    private final AuthenticationFailureLimiter addressLimiter;

    @Inject
    public ServerAuthenticator(DomainStore domains, CredentialVerifier verifier, AuthorityConfiguration configuration, Clock clock) {
        this.domains = domains;
        this.verifier = verifier;
        this.serverAtAddressLimiter = new AuthenticationFailureLimiter(configuration.maxAuthenticationFailures(),
            configuration.authenticationFailureWindow(), clock);
        this.addressLimiter = new AuthenticationFailureLimiter(configuration.maxAuthenticationFailuresPerAddress(),
            configuration.authenticationFailureWindow(), clock);
    }

    Mono<ServerAuthentication> authenticate(ServerId serverId, Passphrase passphrase, String clientAddress) {
        if (serverAtAddressLimiter.isBlocked(serverAtAddress(serverId, clientAddress)) || addressLimiter.isBlocked(clientAddress)) {
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

    private static String serverAtAddress(ServerId serverId, String clientAddress) {
        return serverId.asString() + "@" + clientAddress;
    }

    private ServerAuthentication refuse(ServerId serverId, String clientAddress) {
        serverAtAddressLimiter.recordFailure(serverAtAddress(serverId, clientAddress));
        addressLimiter.recordFailure(clientAddress);
        LOGGER.warn("CIERS authentication failed for server ID {} from {}", serverId, clientAddress);
        return new ServerAuthentication.Refused();
    }
}
