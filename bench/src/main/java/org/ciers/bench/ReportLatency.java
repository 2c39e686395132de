package org.ciers.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.ciers.demo.AuthorityAdmin;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.AuthToSendResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ClientResponseResponse;
import org.ciers.protocol.message.MessageType;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.TrustValueResponse;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.Verdict;
import org.ciers.protocol.xml.CiersXml;

/**
 * Latency of a spam report (client_response by the recipient's server, which updates the sender's
 * trust) against the number of transmissions the authority has logged: the trust update works on
 * counters, so the figure must not grow with the log.
 */
final class ReportLatency {
    static final int SAMPLES = 300;
    static final int FILL_CONNECTIONS = 16;
    /** Reports on message IDs nobody issued: the report path gets compiled without logging transmissions. */
    static final int WARM_UP_REPORTS = 20_000;

    private ReportLatency() {
    }

    /** Fills the authority to {@code logged} pairs (counting {@code alreadyLogged}), then times {@link #SAMPLES} reports. */
    static DeliveryOverhead.Latency measureAt(URI authority, AuthorityAdmin.Accredited a, AuthorityAdmin.Accredited b, long alreadyLogged,
                                              long logged) throws Exception {
        if (logged > alreadyLogged) {
            HttpLoad.runCount(AuthorityThroughput.address(authority), FILL_CONNECTIONS, logged - alreadyLogged,
                AuthorityThroughput.pairs(authority, a, b));
        }
        HttpLoad.runCount(AuthorityThroughput.address(authority), FILL_CONNECTIONS, WARM_UP_REPORTS, deniedReports(authority, a, b));
        AuthorityClient client = new AuthorityClient(new AuthorityClient.Settings(authority, Duration.ofSeconds(10), Optional.empty()),
            new CiersXml());
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < SAMPLES * 2; i++) {
            MessageId messageId = ((AuthToSendResponse.Granted) client.authToSend(new AuthToSendRequest(a.serverId(), a.passphrase(),
                b.domain()))).messageId();
            TrustValueResponse validated = client.trustValue(new TrustValueRequest(b.serverId(), b.passphrase(), a.serverId(), messageId));
            if (!(validated instanceof TrustValueResponse.ValidTransmission)) {
                throw new IllegalStateException("not validated: " + validated);
            }
            long start = System.nanoTime();
            ClientResponseResponse answer = client.clientResponse(ClientResponseRequest.byServer(a.serverId(), messageId, Verdict.SPAM,
                b.serverId(), b.passphrase()));
            long took = System.nanoTime() - start;
            if (!(answer instanceof ClientResponseResponse.ResponseAccepted)) {
                throw new IllegalStateException("report refused: " + answer);
            }
            // the first half warms the path up
            if (i >= SAMPLES) {
                millis.add(took / 1e6);
            }
        }
        return DeliveryOverhead.Latency.of(millis);
    }

    private static Supplier<HttpLoad.Operation> deniedReports(URI authority, AuthorityAdmin.Accredited a,
                                                                              AuthorityAdmin.Accredited b) {
        byte[] request = AuthorityThroughput.protocolRequest(authority, MessageType.CLIENT_RESPONSE,
            new CiersXml().write(ClientResponseRequest.byServer(a.serverId(), MessageId.of("bench.NEVERISSUEDNEVERISSUED"), Verdict.SPAM,
                b.serverId(), b.passphrase())));
        byte[] denied = "<response_denied/>".getBytes(StandardCharsets.US_ASCII);
        return HttpLoad.repeat(request, (status, body) -> status == 200 && HttpLoad.indexOf(body, body.length, denied, 0) >= 0);
    }
}
