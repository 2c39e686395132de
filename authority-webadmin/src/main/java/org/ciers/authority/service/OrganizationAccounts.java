package org.ciers.authority.service;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.inject.Inject;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.model.Organization;
import org.ciers.authority.security.AuthenticationFailureLimiter;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.security.SecretGenerator;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.OrganizationStore;
import org.ciers.authority.store.SessionStore;

import reactor.core.publisher.Mono;

/**
 * Organization sign-up and login (spec §2): an account is pending until its email address (a link
 * mailed to it) and its phone (a code from the {@link PhoneVerifier}) are confirmed; then its users
 * log in to the portal with a session token of their own, never the WebAdmin token.
 */
public class OrganizationAccounts {
    public static final Duration EMAIL_CODE_VALIDITY = Duration.ofHours(24);
    public static final Duration PHONE_CODE_VALIDITY = Duration.ofMinutes(10);
    public static final Duration SESSION_VALIDITY = Duration.ofHours(8);
    private static final int SESSION_TOKEN_BYTES = 32;
    /** Resends, wrong codes and wrong passwords per username within the window. */
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration ATTEMPT_WINDOW = Duration.ofMinutes(15);

    public enum Channel {
        EMAIL,
        PHONE
    }

    /** A refusal the portal shows as it is: 401 (who are you), 403 (not allowed yet), 429 (slow down). */
    public static class AccountException extends RuntimeException {
        public enum Reason {
            WRONG_CREDENTIALS,
            NOT_ACTIVE,
            TOO_MANY_ATTEMPTS
        }

        private final Reason reason;

        public AccountException(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    public record Session(String token, String username, java.time.Instant expiresAt) {
        @Override
        public String toString() {
            return "Session[" + username + "]";
        }
    }

    private final Accreditation accreditation;
    private final AccountStore accounts;
    private final OrganizationStore organizations;
    private final SessionStore sessions;
    private final OneTimeCodes codes;
    private final PhoneVerifier phone;
    private final AuthorityMailer mailer;
    private final AuditTrail audit;
    private final PassphraseHasher hasher;
    private final SecretGenerator secrets;
    private final AuthorityConfiguration configuration;
    private final Clock clock;
    private final AuthenticationFailureLimiter attempts;

    @Inject
    public OrganizationAccounts(Accreditation accreditation, AccountStore accounts, OrganizationStore organizations, SessionStore sessions,
                                OneTimeCodes codes, PhoneVerifier phone, AuthorityMailer mailer, AuditTrail audit, PassphraseHasher hasher,
                                SecretGenerator secrets, AuthorityConfiguration configuration, Clock clock) {
        this.accreditation = accreditation;
        this.accounts = accounts;
        this.organizations = organizations;
        this.sessions = sessions;
        this.codes = codes;
        this.phone = phone;
        this.mailer = mailer;
        this.audit = audit;
        this.hasher = hasher;
        this.secrets = secrets;
        this.configuration = configuration;
        this.clock = clock;
        this.attempts = new AuthenticationFailureLimiter(MAX_ATTEMPTS, ATTEMPT_WINDOW, clock);
    }

    /** Registers the organization and its pending account, then mails the confirmation link and sends the phone code. */
    public Mono<Account> signUp(SignUpRequest request) {
        request.validate();
        return accounts.get(request.username())
            .flatMap(taken -> Mono.<Account>error(new InvalidFieldException("username", "already taken")))
            .switchIfEmpty(Mono.defer(() -> accreditation.registerOrganization(request.organization(), request.username())
                .flatMap(organization -> {
                    Account account = Account.pending(request.username(), organization.id(), hasher.hash(request.password()), clock.instant());
                    return accounts.create(account)
                        .flatMap(created -> created
                            ? Mono.just(account)
                            : Mono.error(new InvalidFieldException("username", "already taken")))
                        .flatMap(created -> audit.record(account.username(), "account.signed_up", organization.id().asString())
                            .then(sendEmailCode(account, organization))
                            .then(sendPhoneCode(account, organization))
                            .thenReturn(created));
                })));
    }

    public Mono<Account> confirmEmail(String username, String code) {
        return confirm(username, code, OneTimeCode.Purpose.EMAIL, Account::withEmailConfirmed, "account.email_confirmed");
    }

    public Mono<Account> confirmPhone(String username, String code) {
        return confirm(username, code, OneTimeCode.Purpose.PHONE, Account::withPhoneConfirmed, "account.phone_confirmed");
    }

    /** Sends a fresh code (the last one stops working), at most a few times per window. */
    public Mono<Void> resend(String username, Channel channel) {
        limit("resend:" + username);
        return pendingAccount(username)
            .flatMap(account -> organizations.get(account.organization())
                .flatMap(organization -> channel == Channel.EMAIL ? sendEmailCode(account, organization) : sendPhoneCode(account, organization)));
    }

    public Mono<Session> login(String username, String password) {
        limit("login:" + username);
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
                java.time.Instant expiresAt = clock.instant().plus(SESSION_VALIDITY);
                return sessions.open(tokenHash(token), username, expiresAt)
                    .then(audit.record(username, "account.logged_in", username))
                    .thenReturn(new Session(token, username, expiresAt));
            });
    }

    public Mono<Void> logout(String token) {
        return sessions.close(tokenHash(token));
    }

    /** The active account a bearer token belongs to; empty when the token is unknown, expired or the account not active. */
    public Mono<Account> authenticated(String token) {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Mono.empty();
        }
        return sessions.username(tokenHash(token), clock.instant())
            .flatMap(accounts::get)
            .filter(account -> account.status() == Account.Status.ACTIVE);
    }

    public Mono<Void> suspend(Organization organization, String actor) {
        return accounts.byOrganization(organization.id())
            .concatMap(account -> accounts.update(account.withStatus(Account.Status.SUSPENDED))
                .then(audit.record(actor, "account.suspended", account.username())))
            .then();
    }

    private Mono<Account> confirm(String username, String code, OneTimeCode.Purpose purpose,
                                  java.util.function.UnaryOperator<Account> confirmed, String action) {
        limit("code:" + username);
        return pendingAccount(username)
            .flatMap(account -> codes.use(purpose, username, code)
                .flatMap(valid -> {
                    if (!valid) {
                        attempts.recordFailure("code:" + username);
                        return Mono.error(new InvalidFieldException("code", "wrong, expired or already used; ask for a new one"));
                    }
                    Account updated = confirmed.apply(account);
                    return accounts.update(updated)
                        .then(audit.record(username, action, username))
                        .then(updated.status() == Account.Status.ACTIVE && account.status() != Account.Status.ACTIVE
                            ? audit.record(username, "account.activated", username) : Mono.empty())
                        .thenReturn(updated);
                }));
    }

    private Mono<Account> pendingAccount(String username) {
        return accounts.get(username == null ? "" : username)
            .switchIfEmpty(Mono.error(() -> new InvalidFieldException("username", "no such account")));
    }

    private Mono<Void> sendEmailCode(Account account, Organization organization) {
        return codes.linkCode(OneTimeCode.Purpose.EMAIL, account.username(), EMAIL_CODE_VALIDITY)
            .flatMap(code -> mailer.send(organization.email(), "CIERS: confirm your email address",
                "Dear " + organization.contactName() + ",\n\n"
                    + "to confirm this address for " + organization.name() + " at the CIERS authority, open:\n\n"
                    + configuration.portalUrl() + "/ciers/portal/confirm-email?user=" + account.username() + "&code=" + code + "\n\n"
                    + "The link works once, for " + EMAIL_CODE_VALIDITY.toHours() + " hours.\n"));
    }

    private Mono<Void> sendPhoneCode(Account account, Organization organization) {
        return codes.digitCode(OneTimeCode.Purpose.PHONE, account.username(), PHONE_CODE_VALIDITY)
            .flatMap(code -> Mono.fromRunnable(() -> phone.send(organization.phone(), code)));
    }

    private void limit(String key) {
        if (attempts.isBlocked(key)) {
            throw new AccountException(AccountException.Reason.TOO_MANY_ATTEMPTS, "too many attempts; wait a few minutes");
        }
        if (key.startsWith("resend:")) {
            attempts.recordFailure(key);
        }
    }

    private static String tokenHash(String token) {
        return SecretGenerator.sha256Hex(token);
    }
}
