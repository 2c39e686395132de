package org.ciers.authority.accreditation;

import java.time.Clock;
import java.time.Duration;
import java.util.function.UnaryOperator;

import javax.inject.Inject;

import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.OneTimeCode;
import org.ciers.authority.model.Organization;
import org.ciers.authority.security.PassphraseHasher;
import org.ciers.authority.shared.AuditTrail;
import org.ciers.authority.shared.AuthorityMailer;
import org.ciers.authority.shared.InvalidFieldException;
import org.ciers.authority.store.AccountStore;
import org.ciers.authority.store.OrganizationStore;

import reactor.core.publisher.Mono;

/**
 * Organization sign-up (spec §2): an account is pending until its email address (a link mailed to
 * it) and its phone (a code from the {@link PhoneVerifier}) are confirmed; then its users log in
 * through {@link PortalSessions}. The operator suspends an organization here: its accounts, and
 * through {@link Accreditation} its domains on the protocol.
 */
public class OrganizationAccounts {
    public static final Duration EMAIL_CODE_VALIDITY = Duration.ofHours(24);
    public static final Duration PHONE_CODE_VALIDITY = Duration.ofMinutes(10);

    public enum Channel {
        EMAIL,
        PHONE
    }

    private final Accreditation accreditation;
    private final AccountStore accounts;
    private final OrganizationStore organizations;
    private final OneTimeCodes codes;
    private final PhoneVerifier phone;
    private final AuthorityMailer mailer;
    private final AuditTrail audit;
    private final PassphraseHasher hasher;
    private final AuthorityConfiguration configuration;
    private final Clock clock;
    private final AccountAttempts attempts;

    @Inject
    public OrganizationAccounts(Accreditation accreditation, AccountStore accounts, OrganizationStore organizations, OneTimeCodes codes,
                                PhoneVerifier phone, AuthorityMailer mailer, AuditTrail audit, PassphraseHasher hasher,
                                AuthorityConfiguration configuration, Clock clock) {
        this.accreditation = accreditation;
        this.accounts = accounts;
        this.organizations = organizations;
        this.codes = codes;
        this.phone = phone;
        this.mailer = mailer;
        this.audit = audit;
        this.hasher = hasher;
        this.configuration = configuration;
        this.clock = clock;
        this.attempts = new AccountAttempts(clock);
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

    /** Sends a fresh code (the last one stops working), at most a few times per window: every resend counts. */
    public Mono<Void> resend(String username, Channel channel) {
        attempts.refuseWhenBlocked("resend:" + username);
        attempts.recordFailure("resend:" + username);
        return pendingAccount(username)
            .flatMap(account -> organizations.get(account.organization())
                .flatMap(organization -> channel == Channel.EMAIL ? sendEmailCode(account, organization) : sendPhoneCode(account, organization)));
    }

    public Mono<Void> suspend(Organization organization, String actor) {
        return accounts.byOrganization(organization.id())
            .concatMap(account -> accounts.update(account.withStatus(Account.Status.SUSPENDED))
                .then(audit.record(actor, "account.suspended", account.username())))
            .then(accreditation.suspendDomains(organization.id(), actor));
    }

    private Mono<Account> confirm(String username, String code, OneTimeCode.Purpose purpose, UnaryOperator<Account> confirmed, String action) {
        attempts.refuseWhenBlocked("code:" + username);
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
}
