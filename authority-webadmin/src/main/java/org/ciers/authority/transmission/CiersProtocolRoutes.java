package org.ciers.authority.transmission;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.webadmin.PublicRoutes;
import org.ciers.authority.AuthorityConfiguration;
import org.ciers.authority.accreditation.SuspendedServers;
import org.ciers.authority.signing.SigningKeyCustody;
import org.ciers.authority.web.BoundedBody;
import org.ciers.authority.web.ClientAddresses;
import org.ciers.authority.web.RawResponse;
import org.ciers.protocol.client.AuthorityClient;
import org.ciers.protocol.message.AuthToSendRequest;
import org.ciers.protocol.message.CiersRequest;
import org.ciers.protocol.message.CiersResponse;
import org.ciers.protocol.message.ClientResponseRequest;
import org.ciers.protocol.message.ErrorResponse;
import org.ciers.protocol.message.KeysResponse;
import org.ciers.protocol.message.MessageType;
import org.ciers.protocol.message.TrustValueRequest;
import org.ciers.protocol.message.ValidationReceiptsRequest;
import org.ciers.protocol.xml.CiersXml;
import org.ciers.protocol.xml.MalformedCiersException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

import spark.Request;
import spark.Response;
import spark.Service;

/**
 * {@code POST /ciers/v1/<request_type>}: the authority protocol of spec §4. Public routes (the XML
 * carries the credentials). A client mistake is a 400 {@code malformed_request} or a 429
 * {@code rate_limited}; a failing store is a 503 {@code unavailable}; never a 500.
 */
public class CiersProtocolRoutes implements PublicRoutes {
    /** The client and the routes agree on one path: {@link AuthorityClient#PROTOCOL_PATH} without its slash. */
    public static final String BASE_PATH = AuthorityClient.PROTOCOL_PATH.substring(0, AuthorityClient.PROTOCOL_PATH.length() - 1);
    private static final String REQUEST_TYPE = ":requestType";
    private static final String XML = "application/xml";
    private static final Logger LOGGER = LoggerFactory.getLogger(CiersProtocolRoutes.class);

    private final TransmissionAuthority authority;
    private final SigningKeyCustody signingKeys;
    private final AuthorityConfiguration configuration;
    private final CiersXml xml;
    private final ClientAddresses clientAddresses;
    private final SuspendedServers suspendedServers;
    private final PeerAuthorities peerAuthorities;

    @Inject
    public CiersProtocolRoutes(TransmissionAuthority authority, SigningKeyCustody signingKeys, AuthorityConfiguration configuration,
                               CiersXml xml, ClientAddresses clientAddresses, SuspendedServers suspendedServers,
                               PeerAuthorities peerAuthorities) {
        this.authority = authority;
        this.signingKeys = signingKeys;
        this.configuration = configuration;
        this.xml = xml;
        this.clientAddresses = clientAddresses;
        this.suspendedServers = suspendedServers;
        this.peerAuthorities = peerAuthorities;
    }

    @Override
    public String getBasePath() {
        return BASE_PATH;
    }

    @Override
    public void define(Service service) {
        service.post(BASE_PATH + "/" + REQUEST_TYPE, this::handle);
        service.get(BASE_PATH + "/" + MessageType.KEYS.wireName(), this::keys);
    }

    /**
     * The public keys that check this authority's message IDs (spec §10) and its active peers' (spec
     * §7, as last fetched from each): public, as every key set is.
     */
    private Object keys(Request request, Response response) {
        try {
            KeysResponse own = new KeysResponse(configuration.name(), signingKeys.listed(), suspendedServers.current());
            List<KeysResponse.PeerKeys> relayed = new ArrayList<>(peerAuthorities.relayedKeys());
            byte[] document = xml.write(new KeysResponse(own.authority(), own.keys(), own.suspendedSenders(), relayed));
            while (document.length > CiersXml.MAX_DOCUMENT_BYTES && !relayed.isEmpty()) {
                // our servers refuse a larger document: they must never lose this authority's own keys for a peer's
                KeysResponse.PeerKeys dropped = relayed.remove(relayed.size() - 1);
                LOGGER.error("CIERS key set: peer {} left out, the set would be larger than {} bytes", dropped.authority(),
                    CiersXml.MAX_DOCUMENT_BYTES);
                document = xml.write(new KeysResponse(own.authority(), own.keys(), own.suspendedSenders(), relayed));
            }
            return RawResponse.write(response, 200, XML, document);
        } catch (RuntimeException e) {
            LOGGER.error("CIERS key set could not be read", e);
            return answer(response, new ErrorResponse.Unavailable());
        }
    }

    private Object handle(Request request, Response response) {
        try {
            Optional<MessageType> pathType = MessageType.fromWire(request.params(REQUEST_TYPE));
            Optional<byte[]> body = BoundedBody.read(request, CiersXml.MAX_DOCUMENT_BYTES);
            if (pathType.isEmpty() || body.isEmpty()) {
                return answer(response, new ErrorResponse.MalformedRequest());
            }
            CiersRequest ciersRequest = xml.readRequest(body.get());
            if (ciersRequest.type() != pathType.get()) {
                return answer(response, new ErrorResponse.MalformedRequest());
            }
            return answer(response, dispatch(ciersRequest, clientAddresses.of(request)).block());
        } catch (MalformedCiersException e) {
            LOGGER.debug("malformed CIERS request on {}: {}", request.pathInfo(), e.getMessage());
            return answer(response, new ErrorResponse.MalformedRequest());
        } catch (PeerAuthorities.Unavailable e) {
            // the server sends it again later; a receipt answered invalid would be dropped
            LOGGER.warn("CIERS request on {} answered unavailable: {}", request.pathInfo(), e.getMessage());
            return answer(response, new ErrorResponse.Unavailable());
        } catch (RuntimeException e) {
            LOGGER.error("CIERS request on {} failed", request.pathInfo(), e);
            return answer(response, new ErrorResponse.Unavailable());
        }
    }

    private Mono<CiersResponse> dispatch(CiersRequest request, String clientAddress) {
        if (request instanceof AuthToSendRequest authToSend) {
            return authority.authToSend(authToSend, clientAddress);
        } else if (request instanceof TrustValueRequest trustValue) {
            return authority.trustValue(trustValue, clientAddress);
        } else if (request instanceof ClientResponseRequest clientResponse) {
            return authority.clientResponse(clientResponse, clientAddress);
        } else if (request instanceof ValidationReceiptsRequest receipts) {
            return authority.validationReceipts(receipts, clientAddress);
        }
        // initiate_send is spoken between mail servers, never to the authority
        return Mono.just(new ErrorResponse.MalformedRequest());
    }

    private String answer(Response response, CiersResponse ciersResponse) {
        return RawResponse.write(response, status(ciersResponse), XML, xml.write(ciersResponse));
    }

    private static int status(CiersResponse response) {
        if (response instanceof ErrorResponse.MalformedRequest) {
            return 400;
        } else if (response instanceof ErrorResponse.RateLimited) {
            return 429;
        } else if (response instanceof ErrorResponse.Unavailable) {
            return 503;
        }
        return 200;
    }
}
