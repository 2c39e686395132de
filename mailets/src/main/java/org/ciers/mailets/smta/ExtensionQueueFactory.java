package org.ciers.mailets.smta;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.mailet.Mail;
import org.reactivestreams.Publisher;

import reactor.core.publisher.Flux;

/**
 * James's mail queues, with one addition: the thread that takes a message out of the outgoing
 * queue for delivery gets the extension's class loader as context class loader. javax.mail finds
 * the transport named by {@code mail.smtp.class} through that loader, and CIERS lives in
 * extensions-jars, which James's own class loader cannot see.
 */
final class ExtensionQueueFactory implements MailQueueFactory<MailQueue> {
    private final MailQueueFactory<?> queues;
    private final ClassLoader extensionClassLoader;

    ExtensionQueueFactory(MailQueueFactory<?> queues, ClassLoader extensionClassLoader) {
        this.queues = queues;
        this.extensionClassLoader = extensionClassLoader;
    }

    @Override
    public Optional<MailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return queues.getQueue(name, count).map(ExtensionQueue::new);
    }

    @Override
    public MailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return new ExtensionQueue(queues.createQueue(name, count));
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return queues.listCreatedMailQueues();
    }

    private final class ExtensionQueue implements MailQueue {
        private final MailQueue queue;

        ExtensionQueue(MailQueue queue) {
            this.queue = queue;
        }

        @Override
        public MailQueueName getName() {
            return queue.getName();
        }

        @Override
        public void enQueue(Mail mail, Duration delay) throws MailQueueException {
            queue.enQueue(mail, delay);
        }

        @Override
        public void enQueue(Mail mail) throws MailQueueException {
            queue.enQueue(mail);
        }

        @Override
        public Publisher<Void> enqueueReactive(Mail mail) {
            return queue.enqueueReactive(mail);
        }

        @Override
        public Publisher<MailQueueItem> deQueue() {
            return Flux.from(queue.deQueue()).map(ExtensionQueueItem::new);
        }

        @Override
        public void close() throws IOException {
            queue.close();
        }
    }

    private final class ExtensionQueueItem implements MailQueue.MailQueueItem {
        private final MailQueue.MailQueueItem item;

        ExtensionQueueItem(MailQueue.MailQueueItem item) {
            this.item = item;
        }

        @Override
        public Mail getMail() {
            // RemoteDelivery takes the mail and delivers it on this same thread
            Thread.currentThread().setContextClassLoader(extensionClassLoader);
            return item.getMail();
        }

        @Override
        public void done(CompletionStatus status) throws MailQueue.MailQueueException {
            item.done(status);
        }
    }
}
