package org.ciers.authority.federation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The peer protocol's JSON bodies (spec §7), between two authorities only, on {@code /ciers/peer/v1}:
 * every request signed ({@link PeerRequestSignature}). A field a record does not know is refused.
 */
public final class PeerMessages {
    private PeerMessages() {
    }

    /** {@code lookup}: is this domain registered with you, and where does its mail go? */
    public record LookupRequest(String domain) {
        public LookupRequest {
            required(domain, "domain");
        }
    }

    /** The answer: registered, with the domain's server ID and MX hosts; or not. */
    public record LookupAnswer(boolean registered, Optional<String> serverId, List<String> mxHosts) {
        public LookupAnswer {
            mxHosts = List.copyOf(required(mxHosts, "mxHosts"));
            if (registered && serverId.isEmpty()) {
                throw new IllegalArgumentException("a registered domain has its serverId");
            }
        }

        public static LookupAnswer unknown() {
            return new LookupAnswer(false, Optional.empty(), List.of());
        }
    }

    /** {@code forwarded}: receipts and verdicts on the receiving peer's IDs, in the order they came. */
    public record ForwardedBatch(List<Item> items) {
        public ForwardedBatch {
            items = List.copyOf(required(items, "items"));
        }
    }

    /** One receipt ({@code receipt}) or verdict ({@code spam}, {@code not_spam}). */
    public record Item(String kind, String messageId, Optional<String> senderServerId, String recipientDomain, Instant at) {
        public Item {
            required(kind, "kind");
            required(messageId, "messageId");
            required(senderServerId, "senderServerId");
            required(recipientDomain, "recipientDomain");
            required(at, "at");
        }
    }

    /** Per item, in order: {@code counted}, {@code duplicate}, {@code invalid} for a receipt; {@code accepted}, {@code denied} for a verdict. */
    public record ForwardedAnswer(List<String> outcomes) {
        /** The outcomes a peer may answer; anything else is a malformed answer. */
        public static final Set<String> OUTCOMES = Set.of("counted", "duplicate", "invalid", "accepted", "denied");

        public ForwardedAnswer {
            outcomes = List.copyOf(required(outcomes, "outcomes"));
        }
    }

    /** {@code trust_value}: a receiving server of the relay validates one of your IDs online. */
    public record TrustValueQuery(String messageId, String senderServerId, String recipientDomain) {
        public TrustValueQuery {
            required(messageId, "messageId");
            required(senderServerId, "senderServerId");
            required(recipientDomain, "recipientDomain");
        }
    }

    /** Valid: the sender's domain, its trust and the report token; or invalid. */
    public record TrustValueAnswer(boolean valid, Optional<String> senderDomain, Optional<String> trustValue, Optional<String> reportToken) {
        public static TrustValueAnswer invalid() {
            return new TrustValueAnswer(false, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** A field JSON left out or null: refused, naming it (Jackson reports it as unreadable JSON, a 400). */
    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Every refusal's body. */
    public record PeerError(String error) {
    }
}
