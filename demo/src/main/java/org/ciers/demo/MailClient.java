package org.ciers.demo;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import javax.mail.FetchProfile;
import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.Transport;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;
import javax.mail.search.SubjectTerm;
import javax.net.ssl.SSLContext;

import com.sun.mail.imap.IMAPFolder;

/**
 * What a mail user's program does, with javax.mail: submit a message to its own server with
 * STARTTLS and AUTH, and read a mailbox over IMAP.
 */
public final class MailClient {
    private static final Duration POLL = Duration.ofMillis(200);

    private final SSLContext tls;

    /** @param tls trust for the servers' certificates (the demo CA) */
    public MailClient(SSLContext tls) {
        this.tls = tls;
    }

    /** Submits {@code from} → {@code to} to 127.0.0.1:smtpPort, logged in as {@code from}. */
    public void submit(int smtpPort, String from, String password, String to, String subject, String text) throws MessagingException {
        submit(smtpPort, from, password, to, subject, text, Map.of());
    }

    /** The same with further headers, e.g. ones a sender forges. */
    public void submit(int smtpPort, String from, String password, String to, String subject, String text, Map<String, String> headers)
        throws MessagingException {
        Session session = smtpSession(smtpPort, true);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setText(text, StandardCharsets.UTF_8.name());
        for (Map.Entry<String, String> header : headers.entrySet()) {
            message.addHeader(header.getKey(), header.getValue());
        }
        Transport.send(message, from, password);
    }

    /**
     * Sends messages given whole (headers and body, as another program built them) to {@code to},
     * over one connection with STARTTLS; logged in as {@code user} when a password is given, else
     * as a stranger would, without AUTH.
     */
    public void submitRaw(int smtpPort, String user, Optional<String> password, String to, List<byte[]> messages)
        throws MessagingException {
        Session session = smtpSession(smtpPort, password.isPresent());
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(password.map(any -> user).orElse(null), password.orElse(null));
            for (byte[] raw : messages) {
                MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw));
                session.getProperties().put("mail.smtp.from", user);
                transport.sendMessage(message, new InternetAddress[] {new InternetAddress(to)});
            }
        }
    }

    private Session smtpSession(int smtpPort, boolean auth) {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(smtpPort));
        properties.put("mail.smtp.auth", String.valueOf(auth));
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail.smtp.connectiontimeout", "10000");
        properties.put("mail.smtp.timeout", "30000");
        return Session.getInstance(properties);
    }

    /** The raw messages (headers and body) in the user's {@code mailbox}, in order. */
    public List<String> read(int imapPort, String user, String password, String mailbox) throws MessagingException {
        return read(imapPort, user, password, mailbox, Optional.empty());
    }

    /** The raw messages in the user's {@code mailbox} whose subject contains {@code subject}, in order. */
    public List<String> read(int imapPort, String user, String password, String mailbox, String subject) throws MessagingException {
        return read(imapPort, user, password, mailbox, Optional.of(subject));
    }

    private List<String> read(int imapPort, String user, String password, String mailbox, Optional<String> subject)
        throws MessagingException {
        Store store = imap(imapPort, user, password);
        try {
            Folder folder = store.getFolder(mailbox);
            if (!folder.exists()) {
                return List.of();
            }
            folder.open(Folder.READ_ONLY);
            try {
                List<String> messages = new ArrayList<>();
                Message[] selected = subject.isPresent() ? folder.search(new SubjectTerm(subject.get())) : folder.getMessages();
                for (Message message : selected) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    message.writeTo(raw);
                    messages.add(raw.toString(StandardCharsets.UTF_8));
                }
                return messages;
            } catch (IOException e) {
                throw new MessagingException("cannot read " + mailbox + " of " + user, e);
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    /**
     * Moves the message with {@code subject} from one mailbox to another (IMAP MOVE), creating the
     * target when it does not exist yet: what a user does to file a message as spam.
     */
    public void move(int imapPort, String user, String password, String subject, String from, String to) throws MessagingException {
        Store store = imap(imapPort, user, password);
        try {
            Folder target = store.getFolder(to);
            if (!target.exists()) {
                target.create(Folder.HOLDS_MESSAGES);
            }
            IMAPFolder source = (IMAPFolder) store.getFolder(from);
            source.open(Folder.READ_WRITE);
            try {
                Message[] matching = source.search(new SubjectTerm(subject));
                if (matching.length == 0) {
                    throw new MessagingException("no message '" + subject + "' in " + from + " of " + user);
                }
                source.moveMessages(matching, target);
            } finally {
                source.close(true);
            }
        } finally {
            store.close();
        }
    }

    /** How many messages the user's {@code mailbox} holds (0 when it does not exist). */
    public int count(int imapPort, String user, String password, String mailbox) throws MessagingException {
        Store store = imap(imapPort, user, password);
        try {
            Folder folder = store.getFolder(mailbox);
            return folder.exists() ? folder.getMessageCount() : 0;
        } finally {
            store.close();
        }
    }

    /** The values of header {@code name} of every message in the user's {@code mailbox}, in order; fetches headers only. */
    public List<List<String>> headerOfEach(int imapPort, String user, String password, String mailbox, String name)
        throws MessagingException {
        Store store = imap(imapPort, user, password);
        try {
            Folder folder = store.getFolder(mailbox);
            folder.open(Folder.READ_ONLY);
            try {
                Message[] messages = folder.getMessages();
                FetchProfile profile = new FetchProfile();
                profile.add(name);
                folder.fetch(messages, profile);
                List<List<String>> values = new ArrayList<>();
                for (Message message : messages) {
                    String[] header = message.getHeader(name);
                    values.add(header == null ? List.of() : List.of(header));
                }
                return values;
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    /** Waits, at most {@code timeout}, until the mailbox holds at least {@code count} messages, and returns them. */
    public List<String> awaitMessages(int imapPort, String user, String password, String mailbox, int count, Duration timeout)
        throws MessagingException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            MessagingException failure = null;
            List<String> messages = List.of();
            try {
                messages = read(imapPort, user, password, mailbox);
            } catch (MessagingException e) {
                // a message still being delivered can make one read fail; the next one sees it whole
                failure = e;
            }
            if (failure == null && messages.size() >= count) {
                return messages;
            }
            if (Instant.now().isAfter(deadline)) {
                if (failure != null) {
                    throw failure;
                }
                throw new MessagingException(mailbox + " of " + user + " holds " + messages.size() + " messages, not " + count
                    + ", after " + timeout.toSeconds() + " s");
            }
            // polls with a bound: IMAP gives this client no other signal
            Thread.sleep(POLL.toMillis());
        }
    }

    /** Files a message in one of the user's mailboxes (IMAP APPEND), as a mail program files what it sent. */
    public void append(int imapPort, String user, String password, String mailbox, String rawMessage) throws MessagingException {
        Store store = imap(imapPort, user, password);
        try {
            Folder folder = store.getFolder(mailbox);
            if (!folder.exists()) {
                folder.create(Folder.HOLDS_MESSAGES);
            }
            MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(rawMessage.getBytes(StandardCharsets.UTF_8)));
            folder.appendMessages(new Message[] {message});
        } finally {
            store.close();
        }
    }

    /** IMAP as a mail program reads: STARTTLS when the server offers it (James's stock configuration logs in only after it). */
    private Store imap(int imapPort, String user, String password) throws MessagingException {
        Properties properties = new Properties();
        properties.put("mail.imap.starttls.enable", "true");
        properties.put("mail.imap.ssl.socketFactory", tls.getSocketFactory());
        properties.put("mail.imap.connectiontimeout", "10000");
        properties.put("mail.imap.timeout", "30000");
        // one FETCH per message, not a series of partial ones
        properties.put("mail.imap.partialfetch", "false");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", imapPort, user, password);
        return store;
    }

    /** The values of header {@code name} (case-insensitive) in a raw message's header section. */
    public static List<String> header(String message, String name) {
        List<String> values = new ArrayList<>();
        for (String line : message.split("\r?\n")) {
            if (line.isEmpty()) {
                break;
            }
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                values.add(line.substring(name.length() + 1).trim());
            }
        }
        return values;
    }
}
