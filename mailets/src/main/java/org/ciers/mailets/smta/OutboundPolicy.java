package org.ciers.mailets.smta;

import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.MailetConfig;

/**
 * The sending side's choices, from {@link CiersRemoteDelivery}'s mailet parameters: whose
 * certificates to trust, and the fallback for each case in which CIERS cannot be used.
 *
 * @param trustedCertificates a James file URL of PEM CA certificates (the authority's CA), trusted
 *                            in addition to the JVM's trust store; empty: the JVM's trust store only
 * @param withoutTls          the recipient's server offers no STARTTLS
 * @param refused             the recipient's server does not offer CIERS or answers 501
 * @param unavailable         the authority is down or slow, or the recipient's server answers 454
 * @param notAuthorized       the authority refuses this server's credentials ({@code not_authorized}): a wrong
 *                            passphrase, a suspended organization, or an authority that no longer knows this server
 */
public record OutboundPolicy(Optional<String> trustedCertificates, Fallback withoutTls, Fallback refused, Fallback unavailable,
                             Fallback notAuthorized) {
    public static final String TRUST = "ciersTrust";
    public static final String WITHOUT_TLS = "ciersWithoutTls";
    public static final String REFUSED = "ciersRefused";
    public static final String UNAVAILABLE = "ciersUnavailable";
    public static final String NOT_AUTHORIZED = "ciersNotAuthorized";
    /** {@value}: the JVM's trust store (public CAs). */
    public static final String JVM_TRUST = "jvm";
    public static final Fallback DEFAULT_WITHOUT_TLS = Fallback.PLAIN;
    public static final Fallback DEFAULT_REFUSED = Fallback.PLAIN;
    /** Nothing is lost when the authority is down: the message waits in the queue. */
    public static final Fallback DEFAULT_UNAVAILABLE = Fallback.RETRY;
    /**
     * A refused registration keeps the mail queued (and the authority health check unhealthy) rather than
     * sending it without CIERS unseen: an authority that forgot this server is for its operator to mend.
     */
    public static final Fallback DEFAULT_NOT_AUTHORIZED = Fallback.RETRY;

    public OutboundPolicy {
        Objects.requireNonNull(trustedCertificates, TRUST);
        Objects.requireNonNull(withoutTls, WITHOUT_TLS);
        Objects.requireNonNull(refused, REFUSED);
        Objects.requireNonNull(unavailable, UNAVAILABLE);
        Objects.requireNonNull(notAuthorized, NOT_AUTHORIZED);
    }

    public static OutboundPolicy from(MailetConfig config) {
        String trust = parameter(config, TRUST).orElse(JVM_TRUST);
        return new OutboundPolicy(
            JVM_TRUST.equals(trust) ? Optional.empty() : Optional.of(trust),
            parameter(config, WITHOUT_TLS).map(value -> Fallback.parse(WITHOUT_TLS, value, Fallback.PLAIN, Fallback.BOUNCE))
                .orElse(DEFAULT_WITHOUT_TLS),
            parameter(config, REFUSED).map(value -> Fallback.parse(REFUSED, value, Fallback.PLAIN, Fallback.BOUNCE))
                .orElse(DEFAULT_REFUSED),
            parameter(config, UNAVAILABLE).map(value -> Fallback.parse(UNAVAILABLE, value, Fallback.RETRY, Fallback.PLAIN))
                .orElse(DEFAULT_UNAVAILABLE),
            parameter(config, NOT_AUTHORIZED).map(value -> Fallback.parse(NOT_AUTHORIZED, value, Fallback.RETRY, Fallback.PLAIN, Fallback.BOUNCE))
                .orElse(DEFAULT_NOT_AUTHORIZED));
    }

    private static Optional<String> parameter(MailetConfig config, String name) {
        return Optional.ofNullable(config.getInitParameter(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
