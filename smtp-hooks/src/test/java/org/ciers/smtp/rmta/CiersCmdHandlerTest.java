package org.ciers.smtp.rmta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ciers.smtp.rmta.RmtaFixtures.SENDER;
import static org.ciers.smtp.rmta.RmtaFixtures.SIGNED_TRUST;
import static org.ciers.smtp.rmta.RmtaFixtures.START;
import static org.ciers.smtp.rmta.RmtaFixtures.THIS_DOMAIN;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.protocols.api.BaseRequest;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPSession;
import org.ciers.protocol.SettableClock;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.InitiateSendRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.TrustValue;
import org.ciers.protocol.signed.SignedMessageId;
import org.ciers.protocol.signed.SigningKey;
import org.ciers.smtp.metrics.CiersMetrics;
import org.ciers.smtp.mta.MtaConfiguration;
import org.ciers.smtp.rmta.offline.AuthorityKeys;
import org.ciers.smtp.rmta.offline.OfflineValidator;
import org.ciers.smtp.rmta.offline.ReceivingDomains;
import org.ciers.smtp.rmta.receipts.ReceiptOutbox;
import org.ciers.smtp.rmta.receipts.ReceiptSender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The initiate_send line from the handler's side, offline and online: the SMTP reply, what the
 * transaction keeps, and what reaches the receipt queue or the authority (served over HTTP on loopback).
 */
class CiersCmdHandlerTest {
    static final String ACCEPTED = "<CIERS response_type=\"initiate_send\"><request_accepted/></CIERS>";
    static final String DENIED = "5.7.1 <CIERS response_type=\"initiate_send\"><request_denied/></CIERS>";

    /** A session after STARTTLS, with the line handlers James would stack. */
    static class Session extends CiersPolicyHookTest.Session {
        private final Deque<LineHandler<SMTPSession>> lineHandlers = new ArrayDeque<>();

        @Override
        public boolean isTLSStarted() {
            return true;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T extends ProtocolSession> void pushLineHandler(LineHandler<T> handler) {
            lineHandlers.push((LineHandler<SMTPSession>) handler);
        }

        @Override
        public void popLineHandler() {
            lineHandlers.pop();
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return new InetSocketAddress("127.0.0.1", 2525);
        }

        Response line(String text) {
            return lineHandlers.peek().onLine(this, (text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final SigningKey key = RmtaFixtures.newKey(7);
    private final RecordingMetricFactory metricFactory = new RecordingMetricFactory();
    @TempDir
    Path receiptDirectory;
    private FakeAuthority authority;
    private ReceiptOutbox receipts;

    @BeforeEach
    void startAuthority() throws Exception {
        authority = FakeAuthority.start();
        authority.keys(RmtaFixtures.keySet(key));
    }

    @AfterEach
    void stop() {
        if (receipts != null) {
            receipts.close();
        }
        authority.close();
    }

    CiersCmdHandler handler(String... settings) {
        MtaConfiguration configuration = RmtaFixtures.configuration(authority.url(), settings);
        CiersMetrics metrics = RmtaFixtures.metrics(metricFactory);
        AuthorityClient client = authority.client();
        OfflineValidator offline = new OfflineValidator(new AuthorityKeys(client, configuration, metrics),
            new ReceivingDomains(new RmtaFixtures.Domains(THIS_DOMAIN.asString())), configuration, metrics, new SettableClock(START));
        try {
            receipts = new ReceiptOutbox(receiptDirectory, new ReceiptSender(client, configuration, metrics), configuration, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new CiersCmdHandler(client, FakeAuthority.XML, configuration, metrics, offline, receipts);
    }

    static Response ciers(CiersCmdHandler handler, Session session, MessageId id) {
        assertThat(handler.onCommand(session, new BaseRequest("CIERS", null)).getRetCode()).isEqualTo("220");
        return session.line(FakeAuthority.XML.writeAsString(new InitiateSendRequest(SENDER, id)));
    }

    long receiptsQueued() {
        return receipts.outstanding();
    }

    @Test
    void aSignedIdIsAcceptedOfflineWithItsReceiptQueuedAndTheTrustItCarries() throws Exception {
        Session session = new Session();
        SignedMessageId id = RmtaFixtures.issue(key);

        Response reply = ciers(handler(), session, id.id());

        assertThat(reply.getRetCode()).isEqualTo("250");
        assertThat(reply.getLines()).containsExactly("250 " + ACCEPTED);
        assertThat(CiersSessionState.validation(session)).contains(CiersValidation.offline(SENDER, id.id(), SIGNED_TRUST));
        assertThat(receiptsQueued()).isEqualTo(1);
        assertThat(authority.trustValueRequests()).isZero();
        assertThat(metricFactory.countFor(CiersMetrics.RMTA_ACCEPTED)).isEqualTo(1);
    }

    @Test
    void aReplayedSignedIdIsDeniedAsTheAuthorityWould() {
        CiersCmdHandler handler = handler();
        SignedMessageId id = RmtaFixtures.issue(key);
        ciers(handler, new Session(), id.id());
        Session replay = new Session();

        Response reply = ciers(handler, replay, id.id());

        assertThat(reply.getRetCode()).isEqualTo("550");
        assertThat(reply.getLines()).containsExactly("550 " + DENIED);
        assertThat(CiersSessionState.validation(replay)).isEmpty();
        assertThat(CiersSessionState.outcome(replay)).contains(CiersSessionState.Outcome.DENIED);
    }

    @Test
    void anUnsignedIdIsValidatedByTheAuthorityAsBefore() throws Exception {
        TrustValueResponse.ValidTransmission valid = new TrustValueResponse.ValidTransmission(SENDER, DomainName.of("a.example"),
            TrustValue.parse("20"), ReportToken.of("tok_0123456789abcdef"));
        authority.trustValue(valid);
        Session session = new Session();
        MessageId unsigned = MessageId.of("ciers.ABCDEFGHIJKLMNOPQRSTUVWXYZ234567");

        Response reply = ciers(handler(), session, unsigned);

        assertThat(reply.getRetCode()).isEqualTo("250");
        assertThat(CiersSessionState.validation(session)).contains(CiersValidation.byAuthority(valid, unsigned));
        assertThat(CiersSessionState.validation(session).orElseThrow().senderDomain()).contains(DomainName.of("a.example"));
        assertThat(authority.trustValueRequests()).isEqualTo(1);
        assertThat(authority.keyFetches()).isZero();
        assertThat(receiptsQueued()).isZero();
    }

    @Test
    void inOnlineModeEvenASignedIdGoesToTheAuthority() throws Exception {
        Session session = new Session();

        Response reply = ciers(handler(MtaConfiguration.VALIDATION, "online"), session, RmtaFixtures.issue(key).id());

        assertThat(reply.getRetCode()).isEqualTo("550");
        assertThat(authority.trustValueRequests()).isEqualTo(1);
        assertThat(authority.keyFetches()).isZero();
        assertThat(receiptsQueued()).isZero();
    }

    @Test
    void aFullReplayCacheAnswers454() {
        CiersCmdHandler handler = handler(MtaConfiguration.REPLAY_CAPACITY, "1");
        ciers(handler, new Session(), RmtaFixtures.issue(key).id());

        Response reply = ciers(handler, new Session(), RmtaFixtures.issue(key).id());

        assertThat(reply.getRetCode()).isEqualTo("454");
        assertThat(authority.trustValueRequests()).isZero();
    }

    @Test
    void anIdWhoseReceiptCannotBeRecordedIsAnswered454AndMayBePresentedAgain() throws Exception {
        CiersCmdHandler handler = handler();
        SignedMessageId id = RmtaFixtures.issue(key);
        // a disk that lost the journal's directory: the receipt cannot be written
        Files.delete(receiptDirectory);

        assertThat(ciers(handler, new Session(), id.id()).getRetCode()).isEqualTo("454");
        assertThat(receiptsQueued()).isZero();

        Files.createDirectory(receiptDirectory);

        assertThat(ciers(handler, new Session(), id.id()).getRetCode()).isEqualTo("250");
        assertThat(receiptsQueued()).isEqualTo(1);
    }

    @Test
    void queuedReceiptsReachTheAuthorityOnceTheHandlerIsInitialised() throws Exception {
        CiersCmdHandler handler = handler(MtaConfiguration.RECEIPTS_DELAY, "100ms");
        SignedMessageId id = RmtaFixtures.issue(key);
        ciers(handler, new Session(), id.id());

        handler.init(null);

        await().atMost(Duration.ofSeconds(15))
            .until(() -> authority.answeredBatches().size() == 1 && receiptsQueued() == 0);
        assertThat(authority.answeredBatches().get(0).receipts()).extracting(ValidationReceiptsRequest.Receipt::messageId).containsExactly(id.id());
        assertThat(authority.answeredBatches().get(0).receipts().get(0).validatedAt()).isEqualTo(START);
    }
}
