package org.ciers.smtp.rmta.receipts;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.client.AuthorityUnavailableException;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.message.ValidationReceiptsResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts one batch of receipts to the authority ({@code validation_receipts}, with this server's
 * credentials) and says, per message ID, whether the authority answered for it. A {@code duplicate}
 * (a retried batch, or the same ID validated at another MX host of the domain) is logged at INFO, an
 * {@code invalid} at WARN: neither is sent again, the authority's answer would not change.
 */
@Singleton
public class ReceiptSender {
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiptSender.class);

    /** What became of a batch. */
    public sealed interface Result {
        /** The authority's outcome for each ID it answered for; an ID it did not name stays to be sent. */
        record Answered(Map<MessageId, ValidationReceiptsResponse.Outcome> outcomes) implements Result {
            public Answered {
                outcomes = Map.copyOf(outcomes);
            }
        }

        /** The authority took none of it (unreachable, slow, failing, rate limiting, or refusing this server's credentials). */
        record NotTaken(String reason) implements Result {
        }
    }

    private final AuthorityClient authority;
    private final MtaConfiguration configuration;
    private final CiersMetrics metrics;

    @Inject
    public ReceiptSender(AuthorityClient authority, MtaConfiguration configuration, CiersMetrics metrics) {
        this.authority = authority;
        this.configuration = configuration;
        this.metrics = metrics;
    }

    public Result send(List<ValidationReceiptsRequest.Receipt> receipts) {
        ValidationReceiptsRequest request = new ValidationReceiptsRequest(configuration.serverId(), configuration.passphrase(), receipts);
        ValidationReceiptsResponse answer;
        try {
            metrics.receiptsSent(receipts.size());
            // bounded by the client's timeout (mta.authority.timeout)
            answer = metrics.timeValidationReceipts(() -> authority.validationReceipts(request));
        } catch (AuthorityUnavailableException | AuthorityRejectedException e) {
            return new Result.NotTaken(e.getMessage());
        }
        if (answer instanceof ValidationReceiptsResponse.Answered answered) {
            return outcomes(answered);
        }
        // this server's own credentials are refused: an operator's problem; the receipts wait for the fix
        LOGGER.warn("CIERS: the authority refuses this server's credentials ({}) for receipts; check {}", configuration.serverId(),
            MtaConfiguration.PASSPHRASE);
        return new Result.NotTaken("the authority refuses this server's credentials");
    }

    private Result outcomes(ValidationReceiptsResponse.Answered answered) {
        Map<MessageId, ValidationReceiptsResponse.Outcome> outcomes = new HashMap<>();
        Map<ValidationReceiptsResponse.Outcome, Integer> tally = new EnumMap<>(ValidationReceiptsResponse.Outcome.class);
        for (ValidationReceiptsResponse.ReceiptOutcome outcome : answered.outcomes()) {
            outcomes.put(outcome.messageId(), outcome.outcome());
            tally.merge(outcome.outcome(), 1, Integer::sum);
            switch (outcome.outcome()) {
                case COUNTED -> metrics.receiptCounted();
                case DUPLICATE -> {
                    metrics.receiptDuplicate();
                    LOGGER.info("CIERS: the authority had counted message_id {} already", outcome.messageId());
                }
                case INVALID -> {
                    metrics.receiptInvalid();
                    LOGGER.warn("CIERS: the authority finds the receipt of message_id {} invalid", outcome.messageId());
                }
            }
        }
        LOGGER.info("CIERS: the authority answered {} receipts: {}", answered.outcomes().size(), tally);
        return new Result.Answered(outcomes);
    }
}
