package org.ciers.mailets.report;

import java.io.Closeable;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import javax.inject.Inject;
import javax.inject.Singleton;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.server.core.MailImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.AuthorityRejectedException;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.model.Verdict;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.mta.RetryDelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reports on their way to the authority. Each report waits in a James mail queue
 * ({@value #QUEUE}) until the authority has answered it, so an authority that is down or slow loses
 * none: the report is put back with a delay that doubles up to an hour. The queue is as durable as
 * the James it runs in (memory, or RabbitMQ and Cassandra in a distributed James).
 */
@Singleton
public class ReportOutbox implements Closeable {
    public static final String QUEUE = "ciers-reports";
    static final AttributeName SENDER_SERVER_ID = AttributeName.of("org.ciers.report.sender_server_id");
    static final AttributeName MESSAGE_ID = AttributeName.of("org.ciers.report.message_id");
    static final AttributeName VERDICT = AttributeName.of("org.ciers.report.verdict");
    static final AttributeName ATTEMPTS = AttributeName.of("org.ciers.report.attempts");
    private static final Logger LOGGER = LoggerFactory.getLogger(ReportOutbox.class);
    private static final int CONCURRENCY = 8;

    private final MailQueue queue;
    private final AuthorityClient authority;
    private final MtaConfiguration configuration;
    private final Disposable consumer;

    @Inject
    public ReportOutbox(MailQueueFactory<?> queues, AuthorityClient authority, MtaConfiguration configuration) {
        this.queue = queues.createQueue(MailQueueName.of(QUEUE));
        this.authority = authority;
        this.configuration = configuration;
        this.consumer = Flux.from(queue.deQueue())
            .flatMap(this::deliver, CONCURRENCY)
            .onErrorContinue((error, item) -> LOGGER.error("CIERS: report outbox", error))
            .subscribe();
    }

    /** Queues a report; it reaches the authority as soon as the authority answers. */
    public void submit(PendingReport report) throws MessagingException {
        MailImpl mail = MailImpl.builder()
            .name("ciers-report-" + UUID.randomUUID())
            .addAttribute(new Attribute(SENDER_SERVER_ID, AttributeValue.of(report.senderServerId().asString())))
            .addAttribute(new Attribute(MESSAGE_ID, AttributeValue.of(report.messageId().asString())))
            .addAttribute(new Attribute(VERDICT, AttributeValue.of(report.verdict().wireName())))
            .addAttribute(new Attribute(ATTEMPTS, AttributeValue.of(0)))
            .mimeMessage(placeholder(report))
            .build();
        try {
            queue.enQueue(mail);
            LOGGER.info("CIERS: {} report queued for message_id {}", report.verdict().wireName(), report.messageId());
        } finally {
            mail.dispose();
        }
    }

    private Mono<Void> deliver(MailQueue.MailQueueItem item) {
        Mail mail = item.getMail();
        PendingReport report = report(mail);
        return Mono.fromCallable(() -> authority.clientResponse(ClientResponseRequest.byServer(report.senderServerId(), report.messageId(),
                report.verdict(), configuration.serverId(), configuration.passphrase())))
            // the client blocks its caller for one round trip: not on the queue's dequeuing thread
            .subscribeOn(Schedulers.boundedElastic())
            .doOnNext(answer -> logAnswer(report, answer))
            .then(Mono.fromRunnable(() -> done(item)))
            .onErrorResume(error -> retryLater(item, mail, report, error))
            // the queue handed out a copy whose message this consumer owns: put back, the queue keeps its own copy
            .doFinally(signal -> LifecycleUtil.dispose(mail))
            .then();
    }

    private static void logAnswer(PendingReport report, ClientResponseResponse answer) {
        if (answer instanceof ClientResponseResponse.ResponseAccepted) {
            LOGGER.info("CIERS: the authority accepted the {} report for message_id {}", report.verdict().wireName(), report.messageId());
        } else {
            // not a validated message of this server's domain: sending it again would not change the answer
            LOGGER.warn("CIERS: the authority denied the {} report for message_id {}", report.verdict().wireName(), report.messageId());
        }
    }

    private Mono<Void> retryLater(MailQueue.MailQueueItem item, Mail mail, PendingReport report, Throwable error) {
        if (error instanceof AuthorityRejectedException rejected && rejected.error() instanceof ErrorResponse.MalformedRequest) {
            LOGGER.error("CIERS: the authority cannot read the report for message_id {}; dropped", report.messageId());
            done(item);
            return Mono.empty();
        }
        int attempts = attempts(mail) + 1;
        Duration delay = delay(attempts);
        LOGGER.warn("CIERS: the authority did not take the report for message_id {} ({}); trying again in {}", report.messageId(),
            error.getMessage(), delay);
        return Mono.fromRunnable(() -> {
            try {
                mail.setAttribute(new Attribute(ATTEMPTS, AttributeValue.of(attempts)));
                queue.enQueue(mail, delay);
                done(item);
            } catch (MessagingException e) {
                // left in the queue as it is: the queue hands it out again
                LOGGER.error("CIERS: could not put the report for message_id {} back in {}", report.messageId(), QUEUE, e);
            }
        });
    }

    Duration delay(int attempts) {
        return RetryDelay.upToAnHour(configuration.reportRetryDelay()).after(attempts);
    }

    private static void done(MailQueue.MailQueueItem item) {
        try {
            item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
        } catch (MailQueue.MailQueueException e) {
            LOGGER.error("CIERS: could not acknowledge a report in {}", QUEUE, e);
        }
    }

    private static PendingReport report(Mail mail) {
        return new PendingReport(ServerId.of(string(mail, SENDER_SERVER_ID)), MessageId.of(string(mail, MESSAGE_ID)),
            Verdict.fromWire(string(mail, VERDICT)));
    }

    private static int attempts(Mail mail) {
        return mail.getAttribute(ATTEMPTS).flatMap(attribute -> attribute.getValue().valueAs(Integer.class)).orElse(0);
    }

    private static String string(Mail mail, AttributeName name) {
        Optional<String> value = mail.getAttribute(name).flatMap(attribute -> attribute.getValue().valueAs(String.class));
        return value.orElseThrow(() -> new IllegalStateException("a queued report without " + name.asString()));
    }

    /** Queues carry mails; a report's mail holds only its attributes and this short text. */
    private static MimeMessage placeholder(PendingReport report) throws MessagingException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setSubject("CIERS " + report.verdict().wireName() + " report");
        message.setText(report.messageId().asString());
        message.saveChanges();
        return message;
    }

    @Override
    public void close() {
        consumer.dispose();
    }
}
