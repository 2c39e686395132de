package org.ciers.mailets.report;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Header;
import org.apache.james.mailbox.model.MessageResult;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;
import org.ciers.protocol.smtp.CiersHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sender's server ID and the message ID this server stamped on a stored message: what a
 * report names. Arriving {@code X-CIERS-*} headers are removed before stamping, so stamps read
 * from a mailbox are this server's own.
 */
record CiersStamps(ServerId senderServerId, MessageId messageId) {
    private static final Logger LOGGER = LoggerFactory.getLogger(CiersStamps.class);

    /** The stamps of a stored message; empty for mail that came without CIERS. */
    static Optional<CiersStamps> of(MessageResult message) {
        try {
            List<Header> headers = new ArrayList<>();
            Iterator<Header> iterator = message.getHeaders().headers();
            iterator.forEachRemaining(headers::add);
            Optional<String> serverId = header(headers, CiersHeaders.SERVER_ID);
            Optional<String> messageId = header(headers, CiersHeaders.MESSAGE_ID);
            if (serverId.isEmpty() || messageId.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new CiersStamps(ServerId.of(serverId.get()), MessageId.of(messageId.get())));
        } catch (MailboxException | IllegalArgumentException e) {
            LOGGER.warn("CIERS: unreadable stamps on a stored message: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<String> header(List<Header> headers, String name) {
        return headers.stream().filter(header -> header.getName().equalsIgnoreCase(name)).map(header -> header.getValue().trim())
            .findFirst();
    }
}
