package org.ciers.authority.web;

import java.time.Instant;

import org.ciers.authority.model.ForwardingRecord;

/** One thing this authority forwarded to a peer about a message ID, and the peer's answer. */
public record ForwardingRecordDto(String peer, String kind, String messageId, String recipientDomain, Instant at, Instant forwardedAt,
                                  String outcome) {
    public static ForwardingRecordDto of(ForwardingRecord record) {
        return new ForwardingRecordDto(record.peer().asString(), record.item().kind().wireName(), record.item().messageId().asString(),
            record.item().recipientDomain().asString(), record.item().at(), record.forwardedAt(), record.outcome());
    }
}
