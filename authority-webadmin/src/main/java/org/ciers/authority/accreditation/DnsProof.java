package org.ciers.authority.accreditation;

import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.ciers.authority.model.Account;
import org.ciers.authority.model.DomainRequest;
import org.ciers.authority.shared.InvalidFieldException;

import reactor.core.publisher.Mono;

/**
 * Proof of a domain by DNS (spec §2): the organization publishes
 * {@code _ciers.<domain> TXT "ciers-verification=<token>"} with its request's token, then asks for
 * the check, which approves the request. Looked up through James's DNS service.
 */
public class DnsProof {
    private static final String DNS_RECORD_PREFIX = "_ciers.";
    private static final String DNS_VALUE_PREFIX = "ciers-verification=";

    private final DomainRequests requests;
    private final DomainApproval approval;
    private final DNSService dns;

    @Inject
    public DnsProof(DomainRequests requests, DomainApproval approval, DNSService dns) {
        this.requests = requests;
        this.approval = approval;
        this.dns = dns;
    }

    /** The record to publish for a request, as the organization reads it: {@code _ciers.<domain> TXT "ciers-verification=<token>"}. */
    public static String record(DomainRequest request) {
        return DNS_RECORD_PREFIX + request.domain().asString() + " TXT \"" + expectedValue(request) + "\"";
    }

    /** Approves when {@code _ciers.<domain>} holds the request's token. */
    public Mono<DomainRequest> check(Account account, UUID requestId) {
        return requests.own(account, requestId)
            .flatMap(request -> {
                String expected = expectedValue(request);
                boolean published = dns.findTXTRecords(DNS_RECORD_PREFIX + request.domain().asString()).stream()
                    .map(value -> value.replace("\"", "").trim())
                    .anyMatch(expected::equals);
                if (!published) {
                    return Mono.error(new InvalidFieldException("dns", record(request) + " is not published (yet)"));
                }
                return approval.approve(requestId, account.username() + " (dns)");
            });
    }

    private static String expectedValue(DomainRequest request) {
        return DNS_VALUE_PREFIX + request.dnsToken();
    }
}
