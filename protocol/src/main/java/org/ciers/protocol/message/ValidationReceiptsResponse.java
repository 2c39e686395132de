package org.ciers.protocol.message;

import java.util.List;
import java.util.Objects;

import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.WireNamed;

/** Authority → RMTA: the fate of each receipt of a batch, or the RMTA is not authorised. */
public sealed interface ValidationReceiptsResponse extends CiersResponse {

    /** What the authority made of one receipt. */
    enum Outcome implements WireNamed {
        /** Counted now, for the first time. */
        COUNTED("counted"),
        /** Counted before: a retried batch, or the same ID validated at a second MX host of the domain. */
        DUPLICATE("duplicate"),
        /** Not an ID this authority issued for this server's domain, or not one it can count. */
        INVALID("invalid");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        @Override
        public String wireName() {
            return wireName;
        }

        public static Outcome fromWire(String value) {
            return WireNamed.fromWire(Outcome.class, value)
                .orElseThrow(() -> new IllegalArgumentException("unknown receipt outcome " + value));
        }
    }

    record ReceiptOutcome(MessageId messageId, Outcome outcome) {
        public ReceiptOutcome {
            Objects.requireNonNull(messageId, "message_id");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /** One outcome per receipt of the request, in its order. */
    record Answered(List<ReceiptOutcome> outcomes) implements ValidationReceiptsResponse {
        public Answered {
            outcomes = List.copyOf(outcomes);
        }
    }

    record NotAuthorized() implements ValidationReceiptsResponse {
    }

    @Override
    default MessageType type() {
        return MessageType.VALIDATION_RECEIPTS;
    }
}
