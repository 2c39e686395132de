package org.ciers.smtp.sirp;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.mailet.MailetContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the wait of messages nobody pulled (spec §6): every so often, each message kept past
 * {@code sirp.expiry} is returned to its sender as a DSN (James's bounce) and forgotten.
 */
@Singleton
public class SirpExpiry {
    static final Duration LONGEST_CHECK_INTERVAL = Duration.ofMinutes(1);
    static final String REASON = "SIRP: the recipient's server did not fetch this message before it expired on this server";
    private static final Logger LOGGER = LoggerFactory.getLogger(SirpExpiry.class);

    private final SirpOutbox outbox;
    private final MailetContext mail;
    private final long intervalMillis;
    private ScheduledExecutorService scheduler;

    @Inject
    public SirpExpiry(SirpOutbox outbox, MailetContext mail, SirpConfiguration configuration) {
        this.outbox = outbox;
        this.mail = mail;
        this.intervalMillis = Math.max(1, Math.min(configuration.expiry().dividedBy(2).toMillis(), LONGEST_CHECK_INTERVAL.toMillis()));
    }

    /** Starts the periodic expiry; starting it again does nothing. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sirp-expiry");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                outbox.expire(expired -> mail.bounce(expired, REASON));
            } catch (Exception e) {
                LOGGER.error("SIRP: could not expire waiting messages", e);
            }
        }, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }
}
