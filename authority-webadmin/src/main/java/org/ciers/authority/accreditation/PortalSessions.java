package org.ciers.authority.accreditation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.inject.Inject;

import org.ciers.authority.model.Account;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.SessionStore;

import reactor.core.publisher.Mono;

/**
 * The portal's login (spec §2): an active account's user gets a session token of its own, never
 * the WebAdmin token; the authority keeps only the token's hash. A suspended account's sessions stop
 * working.
 */
public class PortalSessions {
    public static final Duration SESSION_VALIDITY = Duration.ofHours(8);
    private static final int SESSION_TOKEN_BYTES = 32;
    /** A token is 43 characters; anything much longer is not one of ours. */
    private static final int MAX_TOKEN_CHARS = 128;

    private final AccountStore accounts;
    private final SessionStore sessions;
    private final AuditTrail audit;
    private final PassphraseHasher hasher;
    private final SecretGenerator secrets;
    private final Clock clock;
    private final AccountAttempts attempts;

    @Inject
    public PortalSessions(AccountStore accounts, SessionStore sessions, AuditTrail audit, PassphraseHasher hasher, SecretGenerator secrets,
                          Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.hasher = hasher;
        this.secrets = secrets;
        this.clock = clock;
        this.attempts = new AccountAttempts(clock);
    }

    public Mono<PortalSession> login(String username, String password) {
        attempts.refuseWhenBlocked("login:" + username);
        return accounts.get(username == null ? "" : username)
            .filter(account -> hasher.matches(password == null ? "" : password, account.passwordHash()))
            .switchIfEmpty(Mono.defer(() -> {
                attempts.recordFailure("login:" + username);
                return Mono.error(new AccountException(AccountException.Reason.WRONG_CREDENTIALS, "wrong username or password"));
            }))
            .flatMap(account -> {
                if (account.status() != Account.Status.ACTIVE) {
                    return Mono.error(new AccountException(AccountException.Reason.NOT_ACTIVE, account.status() == Account.Status.SUSPENDED
                        ? "this organization is suspended" : "confirm the email address and the phone first"));
                }
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secrets.bytes(SESSION_TOKEN_BYTES));
                Instant expiresAt = clock.instant().plus(SESSION_VALIDITY);
                return sessions.open(tokenHash(token), username, expiresAt)
                    .then(audit.record(username, "account.logged_in", username))
                    .thenReturn(new PortalSession(token, username, expiresAt));
            });
    }

    public Mono<Void> logout(String token) {
        return sessions.close(tokenHash(token));
    }

    /** The active account a bearer token belongs to; empty when the token is unknown, expired or the account not active. */
    public Mono<Account> authenticated(String token) {
        if (token == null || token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            return Mono.empty();
        }
        return sessions.username(tokenHash(token), clock.instant())
            .flatMap(accounts::get)
            .filter(account -> account.status() == Account.Status.ACTIVE);
    }

    private static String tokenHash(String token) {
        return SecretGenerator.sha256Hex(token);
    }
}
