package org.ciers.smtp.rmta.receipts;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.ciers.protocol.message.ValidationReceiptsRequest.Receipt;
import org.ciers.protocol.model.MessageId;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.mta.RetryDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Flux;
import reactor.util.retry.Retry;

/**
 * The receipts of the message IDs this server validated offline (spec §10), on their way to the
 * authority. A receipt is recorded in a James mail queue ({@value #QUEUE}) before the sender gets
 * its 250, and leaves the queue only when the authority has answered for it: receipts are sent in
 * batches of {@code rmta.receipts.batch.size}, each waiting at most {@code rmta.receipts.delay} for
 * its batch to fill; those the authority did not take go back in the queue with a delay starting at
 * {@code rmta.receipts.retry.delay} and doubling up to an hour. The queue is as durable as the James
 * it runs in (in memory for the memory app, RabbitMQ and Cassandra in a distributed James).
 */
@Singleton
public class ReceiptOutbox implements Closeable {
    public static final String QUEUE = "ciers-receipts";
    static final AttributeName MESSAGE_ID = AttributeName.of("org.ciers.receipt.message_id");
    static final AttributeName VALIDATED_AT = AttributeName.of("org.ciers.receipt.validated_at");
    static final AttributeName ATTEMPTS = AttributeName.of("org.ciers.receipt.attempts");
    private static final Logger LOGGER = LoggerFactory.getLogger(ReceiptOutbox.class);
    private static final Session MAIL_SESSION = Session.getInstance(new Properties());
    /** How soon the queue is asked again after it stopped handing out receipts (a queue backend restarting). */
    private static final Duration QUEUE_RETRY = Duration.ofSeconds(1);

    private final MailQueue queue;
    private final ReceiptSender sender;
    private final MtaConfiguration.Receipts settings;
    private final RetryDelay retryDelay;
    private final CiersMetrics metrics;
    private BatchingSubscriber<MailQueue.MailQueueItem> consumer;

    /** A queued receipt with the queue's item that carries it. */
    private record Queued(MailQueue.MailQueueItem item, Receipt receipt) {
    }

    @Inject
    public ReceiptOutbox(MailQueueFactory<?> queues, ReceiptSender sender, MtaConfiguration configuration, CiersMetrics metrics) {
        this.queue = queues.createQueue(MailQueueName.of(QUEUE));
        this.sender = sender;
        this.settings = configuration.receipts();
        this.retryDelay = RetryDelay.upToAnHour(settings.retryDelay());
        this.metrics = metrics;
    }

    /** Records the receipt in the queue; when this returns, the receipt is as safe as the queue. */
    public void record(Receipt receipt) throws MessagingException {
        MailImpl mail = MailImpl.builder()
            .name("ciers-receipt-" + UUID.randomUUID())
            .addAttribute(new Attribute(MESSAGE_ID, AttributeValue.of(receipt.messageId().asString())))
            .addAttribute(new Attribute(VALIDATED_AT, AttributeValue.of(receipt.validatedAt().toString())))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(0)))
            .mimeMessage(placeholder(receipt))
            .build();
        try {
            queue.enQueue(mail);
            metrics.receiptQueued();
        } finally {
            mail.dispose();
        }
    }

    /** Starts sending the queued receipts, those left from before a restart included; starting again does nothing. */
    public synchronized void start() {
        if (consumer != null) {
            return;
        }
        consumer = new BatchingSubscriber<>(settings.batchSize(), settings.delay(), this::send, "ciers-receipts");
        Flux.from(queue.deQueue())
            .doOnError(error -> LOGGER.error("CIERS: the queue {} failed; asking it again", QUEUE, error))
            .retryWhen(Retry.backoff(Long.MAX_VALUE, QUEUE_RETRY).maxBackoff(Duration.ofMinutes(1)))
            .subscribe(consumer);
    }

    /** One batch: sent; each receipt leaves the queue when the authority answered for it, else it goes back with a delay. */
    private void send(List<MailQueue.MailQueueItem> items) {
        List<Queued> batch = new ArrayList<>(items.size());
        for (MailQueue.MailQueueItem item : items) {
            try {
                batch.add(new Queued(item, receipt(item.getMail())));
            } catch (IllegalArgumentException | DateTimeException unreadable) {
                // only this class writes the queue: nothing but a damaged item gets here, and it never becomes readable
                LOGGER.error("CIERS: dropped an unreadable receipt {} from {}: {}", item.getMail().getName(), QUEUE, unreadable.getMessage());
                done(item);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        ReceiptSender.Result result;
        try {
            result = sender.send(batch.stream().map(Queued::receipt).toList());
        } catch (RuntimeException e) {
            result = new ReceiptSender.Result.NotTaken(e.toString());
        }
        List<Queued> notTaken = new ArrayList<>();
        for (Queued queued : batch) {
            if (result instanceof ReceiptSender.Result.Answered answered && answered.outcomes().containsKey(queued.receipt().messageId())) {
                done(queued.item());
            } else {
                notTaken.add(queued);
            }
        }
        if (!notTaken.isEmpty()) {
            String reason = result instanceof ReceiptSender.Result.NotTaken failed ? failed.reason() : "the authority did not answer for them";
            retryLater(notTaken, reason);
        }
    }

    private void retryLater(List<Queued> notTaken, String reason) {
        Duration firstDelay = null;
        for (Queued queued : notTaken) {
            Mail mail = queued.item().getMail();
            int attempts = attempts(mail) + 1;
            Duration delay = retryDelay.after(attempts);
            firstDelay = firstDelay == null ? delay : firstDelay;
            try {
                mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)));
                queue.enQueue(mail, delay);
                done(queued.item());
            } catch (MessagingException e) {
                // handed out again by the queue at once rather than kept out of it
                LOGGER.error("CIERS: could not put the receipt of message_id {} back in {} with a delay", queued.receipt().messageId(), QUEUE, e);
                retryNow(queued.item());
            }
        }
        metrics.receiptsRetried(notTaken.size());
        LOGGER.warn("CIERS: the authority did not take {} receipts ({}); trying again in {}", notTaken.size(), reason, firstDelay);
    }

    private static void done(MailQueue.MailQueueItem item) {
        try {
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (MailQueue.MailQueueException e) {
            LOGGER.error("CIERS: could not acknowledge a receipt in {}", QUEUE, e);
        }
    }

    private static void retryNow(MailQueue.MailQueueItem item) {
        try {
            item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
        } catch (MailQueue.MailQueueException e) {
            LOGGER.error("CIERS: could not hand a receipt back to {}", QUEUE, e);
        }
    }

    private static Receipt receipt(Mail mail) {
        return new Receipt(MessageId.of(string(mail, MESSAGE_ID)), Instant.parse(string(mail, VALIDATED_AT)));
    }

    private static int attempts(Mail mail) {
        return mail.getAttribute(ATTEMPTS).flatMap(attribute -> attribute.getValue().valueAs(Integer.class)).orElse(0);
    }

    private static String string(Mail mail, AttributeName name) {
        Optional<String> value = mail.getAttribute(name).flatMap(attribute -> attribute.getValue().valueAs(String.class));
        return value.orElseThrow(() -> new IllegalArgumentException("a queued receipt without " + name.asString()));
    }

    /** Queues carry mails; a receipt's mail holds only its attributes and this short text, parsed so that nothing is generated. */
    private static MimeMessage placeholder(Receipt receipt) throws MessagingException {
        String text = "Subject: CIERS receipt\r\n\r\n" + receipt.messageId().asString() + "\r\n";
        return new MimeMessage(MAIL_SESSION, new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public synchronized void close() {
        if (consumer != null) {
            consumer.dispose();
        }
    }
}
