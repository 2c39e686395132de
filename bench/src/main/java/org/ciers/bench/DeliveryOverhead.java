package org.ciers.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.apache.james.jdkim.DKIMSigner;
import org.ciers.demo.AuthorityAdmin;
import org.ciers.demo.DemoCertificates;
import org.ciers.demo.DemoLayout;
import org.ciers.demo.FreePorts;
import org.ciers.demo.JamesProcess;
import org.ciers.demo.MailClient;
import org.ciers.demo.MailServer;
import org.ciers.demo.SmtpSession;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.client.MessageIdPool;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.smtp.CiersHeaders;
import org.ciers.protocol.smtp.SmtpVerbs;
import org.ciers.protocol.xml.CiersXml;

/**
 * Per-message delivery to one RMTA (b.example, a real James process) over STARTTLS with a fresh
 * connection per message, four ways, interleaved so that they share the machine's moments:
 * <ol>
 *   <li>plain: EHLO, STARTTLS (certificate and host name checked), EHLO, MAIL, RCPT, DATA;</li>
 *   <li>round trips: the same with two NOOPs where CIERS has its verb and its line, so that the cost
 *       of the two round trips the wire format needs (spec §3) is measured apart from CIERS's own work;</li>
 *   <li>CIERS: auth_to_send to the authority (keep-alive), then the same with CIERS + initiate_send
 *       before MAIL (the RMTA validates with trust_value and stamps the headers);</li>
 *   <li>DKIM: the sender signs (jdkim's DKIMSigner, the signer of James's DKIMSign mailet, RSA-2048,
 *       relaxed/relaxed), the RMTA verifies with James's DKIMVerify mailet, key from DNS.</li>
 * </ol>
 * Two latencies per message: until the 250 after DATA (what the sender waits), and until the
 * message is in bob's INBOX (IMAP IDLE, {@link InboxWatch}), which includes the RMTA's mailets, where DKIM verifies.
 */
final class DeliveryOverhead {
    enum Variant { PLAIN, ROUND_TRIPS, CIERS, DKIM }

    record Latency(double median, double p99) {
        static Latency of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latency(sorted[sorted.length / 2], sorted[(int) Math.ceil(sorted.length * 0.99) - 1]);
        }
    }

    record Figures(Latency smtp, Latency stored, double messagesPerSecond) {
    }

    static final String SENDER = "alice@a.example";
    static final String RECIPIENT = "bob@b.example";
    private static final String SELECTOR = "bench";
    private static final String DKIM_RESULT_HEADER = "X-DKIM-Result";
    private static final Duration STORED_TIMEOUT = Duration.ofSeconds(30);
    private static final int THROUGHPUT_SENDERS = 8;
    private static final Duration THROUGHPUT_TIME = Duration.ofSeconds(8);

    private final int rmtaPort;
    private final int imapPort;
    private final SSLContext trust;
    /** As the project's SMTA does it (OutboundCiers): message IDs from a pool that is refilled in the background. */
    private final MessageIdPool messageIds;
    private final AuthorityAdmin.Accredited sender;
    private final DKIMSigner signer;
    private final CiersXml xml = new CiersXml();
    private final Semaphore stored = new Semaphore(0);

    private DeliveryOverhead(int rmtaPort, int imapPort, SSLContext trust, AuthorityClient authority, AuthorityAdmin.Accredited sender,
                             DKIMSigner signer) {
        this.rmtaPort = rmtaPort;
        this.imapPort = imapPort;
        this.trust = trust;
        // the defaults of mta.pool.* (docs/smta.md)
        this.messageIds = new MessageIdPool(authority::authToSend, new MessageIdPool.Settings(20, 5, Duration.ofMinutes(5)),
            Clock.systemUTC(), MessageIdPool.Observer.NONE);
        this.sender = sender;
        this.signer = signer;
    }

    /** Starts b.example with DKIMVerify and a DNS zone for a.example's key, measures, stops it. */
    static Map<Variant, Figures> measure(DemoLayout layout, URI authorityUrl, AuthorityAdmin.Accredited a, AuthorityAdmin.Accredited b,
                                         int warmUp, int measured) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair dkimKey = generator.generateKeyPair();
        String record = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(dkimKey.getPublic().getEncoded());
        DemoCertificates ca = DemoCertificates.createAuthority("CIERS bench CA");
        try (LoopbackDns dns = new LoopbackDns(FreePorts.next(), Map.of(SELECTOR + "._domainkey.a.example", record));
             MailServer rmta = MailServer.builder(layout, ca, "b.example")
                 .authority(authorityUrl, b.serverId(), b.passphrase())
                 .user("bob")
                 .configure(conf -> verifyDkim(conf, dns.port()))
                 .start()) {
            AuthorityClient client = new AuthorityClient(new AuthorityClient.Settings(authorityUrl, Duration.ofSeconds(5), Optional.empty()),
                new CiersXml());
            DKIMSigner signer = new DKIMSigner("v=1; s=" + SELECTOR + "; d=a.example; h=from:to:subject:date:message-id; "
                + "a=rsa-sha256; c=relaxed/relaxed; bh=; b=;", dkimKey.getPrivate());
            DeliveryOverhead bench = new DeliveryOverhead(rmta.smtpPort(), rmta.imapPort(), ca.clientContext(), client, a, signer);
            return bench.run(warmUp, measured);
        }
    }

    /** b.example's JVM resolves DKIM keys at the loopback zone; James's own resolver keeps the system's servers. */
    private static void verifyDkim(Path conf, int dnsPort) throws IOException {
        JamesProcess.setProperty(conf.resolve("jvm.properties"), "dns.server", "127.0.0.1:" + dnsPort);
        StringBuilder servers = new StringBuilder();
        for (String line : Files.readAllLines(Path.of("/etc/resolv.conf"))) {
            if (line.startsWith("nameserver ")) {
                servers.append("<server>").append(line.substring("nameserver ".length()).trim()).append("</server>");
            }
        }
        Files.writeString(conf.resolve("dnsservice.xml"), "<dnsservice><servers>" + servers + "</servers>"
            + "<autodiscover>false</autodiscover><authoritative>false</authoritative><maxcachesize>50000</maxcachesize></dnsservice>");
        JamesProcess.replace(conf.resolve("mailetcontainer.xml"),
            "<mailet match=\"All\" class=\"ToProcessor\">\n                <processor>transport</processor>",
            "<mailet match=\"HasHeader=DKIM-Signature\" class=\"org.apache.james.jdkim.mailets.DKIMVerify\"/>\n"
                + "            <mailet match=\"HasHeader=DKIM-Signature\" class=\"MailAttributesToMimeHeaders\">\n"
                + "                <simplemapping>jDKIM.AUTHRESULT;" + DKIM_RESULT_HEADER + "</simplemapping>\n"
                + "            </mailet>\n"
                + "            <mailet match=\"All\" class=\"ToProcessor\">\n                <processor>transport</processor>");
    }

    private Map<Variant, Figures> run(int warmUp, int measured) throws Exception {
        try (InboxWatch inbox = new InboxWatch(imapPort, RECIPIENT, MailServer.PASSWORD, stored)) {
            return measureAll(warmUp, measured);
        }
    }

    private Map<Variant, Figures> measureAll(int warmUp, int measured) throws Exception {
        // throughput first: about a thousand messages of each variant, which also has the JIT compile
        // every variant's code on both sides, as on a server in service, before latencies are taken
        Map<Variant, Double> messagesPerSecond = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            messagesPerSecond.put(variant, throughput(variant));
            System.out.printf("  %-11s throughput measured; latency after%n", variant);
        }
        Map<Variant, List<Double>> smtp = new EnumMap<>(Variant.class);
        Map<Variant, List<Double>> inInbox = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            smtp.put(variant, new ArrayList<>());
            inInbox.put(variant, new ArrayList<>());
        }
        for (int i = 0; i < warmUp + measured; i++) {
            for (Variant variant : Variant.values()) {
                long start = System.nanoTime();
                deliver(variant, "latency " + variant + " " + i);
                long accepted = System.nanoTime();
                if (!stored.tryAcquire(STORED_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("a " + variant + " message did not reach the INBOX within " + STORED_TIMEOUT);
                }
                long inMailbox = System.nanoTime();
                if (i >= warmUp) {
                    smtp.get(variant).add((accepted - start) / 1e6);
                    inInbox.get(variant).add((inMailbox - start) / 1e6);
                }
            }
        }
        checkStamps();
        Map<Variant, Figures> figures = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            figures.put(variant, new Figures(Latency.of(smtp.get(variant)), Latency.of(inInbox.get(variant)), messagesPerSecond.get(variant)));
        }
        return figures;
    }

    /** Messages per second with several senders, each message on a fresh connection; all must arrive. */
    private double throughput(Variant variant) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(THROUGHPUT_SENDERS);
        AtomicLong sent = new AtomicLong();
        Instant end = Instant.now().plus(THROUGHPUT_TIME);
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < THROUGHPUT_SENDERS; s++) {
            running.add(senders.submit(() -> {
                while (Instant.now().isBefore(end)) {
                    deliver(variant, "throughput " + variant + " " + sent.incrementAndGet());
                }
                return null;
            }));
        }
        for (Future<?> sender : running) {
            sender.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        senders.shutdown();
        if (!stored.tryAcquire((int) sent.get(), STORED_TIMEOUT.toSeconds() * 4, TimeUnit.SECONDS)) {
            throw new IllegalStateException(variant + ": fewer than " + sent.get() + " messages reached the INBOX");
        }
        return sent.get() / seconds;
    }

    private void deliver(Variant variant, String subject) throws Exception {
        String message = message(subject);
        Optional<String> initiateSend = Optional.empty();
        if (variant == Variant.CIERS) {
            AuthToSendResponse answer = messageIds.take(new AuthToSendRequest(sender.serverId(), sender.passphrase(),
                DomainName.of("b.example")));
            if (!(answer instanceof AuthToSendResponse.Granted granted)) {
                throw new IllegalStateException("auth_to_send refused: " + answer);
            }
            initiateSend = Optional.of(xml.writeAsString(new InitiateSendRequest(sender.serverId(), granted.messageId())));
        } else if (variant == Variant.DKIM) {
            String signature = signer.sign(new ByteArrayInputStream(message.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
            message = signature.replace("\r\n", "\n") + "\n" + message;
        }
        try (SmtpSession smtp = SmtpSession.connect(rmtaPort)) {
            expect(smtp.command("EHLO mx.a.example"), "250");
            smtp.startTls(trust, "mx.b.example", true);
            expect(smtp.command("EHLO mx.a.example"), "250");
            if (initiateSend.isPresent()) {
                expect(smtp.command(SmtpVerbs.CIERS), "220");
                expect(smtp.command(initiateSend.get()), "250");
            } else if (variant == Variant.ROUND_TRIPS) {
                expect(smtp.command("NOOP"), "250");
                expect(smtp.command("NOOP"), "250");
            }
            expect(smtp.command("MAIL FROM:<" + SENDER + ">"), "250");
            expect(smtp.command("RCPT TO:<" + RECIPIENT + ">"), "250");
            expect(smtp.data(message), "250");
        }
    }

    private static String message(String subject) {
        return "From: " + SENDER + "\nTo: " + RECIPIENT + "\nSubject: " + subject + "\nDate: Mon, 23 Nov 2026 10:00:00 +0000\n"
            + "Message-ID: <" + System.nanoTime() + "@a.example>\n\n" + "A bench message of about one kilobyte.\n".repeat(26);
    }

    private static void expect(String reply, String code) {
        if (!reply.startsWith(code)) {
            throw new IllegalStateException("expected " + code + ", got " + reply);
        }
    }

    /** The figures count only if the RMTA did the work: CIERS stamped, DKIM verified as a pass. */
    private void checkStamps() throws Exception {
        MailClient client = new MailClient(trust);
        String ciers = client.read(imapPort, RECIPIENT, MailServer.PASSWORD, "INBOX", "latency CIERS 0").get(0);
        String dkim = client.read(imapPort, RECIPIENT, MailServer.PASSWORD, "INBOX", "latency DKIM 0").get(0);
        if (MailClient.header(ciers, CiersHeaders.TRUST_VALUE).isEmpty()) {
            throw new IllegalStateException("the CIERS message carries no " + CiersHeaders.TRUST_VALUE);
        }
        List<String> result = MailClient.header(dkim, DKIM_RESULT_HEADER);
        if (result.isEmpty() || !result.get(0).trim().startsWith("pass")) {
            throw new IllegalStateException("DKIM did not verify: " + result);
        }
    }

    static String describe(Map<Variant, Figures> figures) {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<Variant, Figures> entry : figures.entrySet()) {
            Figures f = entry.getValue();
            out.append(String.format("%-11s 250 after DATA median %.2f ms p99 %.2f ms | in INBOX median %.2f ms p99 %.2f ms | %.0f msg/s%n",
                entry.getKey(), f.smtp().median(), f.smtp().p99(), f.stored().median(), f.stored().p99(), f.messagesPerSecond()));
        }
        return out.toString();
    }
}
