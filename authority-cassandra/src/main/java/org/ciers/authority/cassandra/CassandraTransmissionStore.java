package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.TransmissionTables.BY_SENDER_TABLE_NAME;
import static org.ciers.authority.cassandra.table.TransmissionTables.EXPIRES_AT;
import static org.ciers.authority.cassandra.table.TransmissionTables.ISSUED_AT;
import static org.ciers.authority.cassandra.table.TransmissionTables.MESSAGE_ID;
import static org.ciers.authority.cassandra.table.TransmissionTables.RECIPIENT_DOMAIN;
import static org.ciers.authority.cassandra.table.TransmissionTables.REPORT_TOKEN_HASH;
import static org.ciers.authority.cassandra.table.TransmissionTables.SENDER_DOMAIN;
import static org.ciers.authority.cassandra.table.TransmissionTables.SENDER_SERVER_ID;
import static org.ciers.authority.cassandra.table.TransmissionTables.TABLE_NAME;
import static org.ciers.authority.cassandra.table.TransmissionTables.VALIDATED_AT;

import java.time.Duration;
import java.util.Optional;

import org.ciers.authority.model.Transmission;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The online validations, by message ID, kept for the retention (TTL); a sender's are listed
 * through a second table clustered newest first. The single match is an insert if not exists (a
 * lightweight transaction), so of any number of authority nodes validating one message ID at once
 * exactly one succeeds: the online path is the fallback of offline validation, never the hot path.
 */
public final class CassandraTransmissionStore implements TransmissionStore {
    private final CqlExecutor cql;
    private final int ttl;
    private final PreparedStatement insertIfAbsent;
    private final PreparedStatement insertBySender;
    private final PreparedStatement select;
    private final PreparedStatement selectBySender;

    CassandraTransmissionStore(CqlExecutor cql, Duration retention) {
        this.cql = cql;
        this.ttl = Ttl.of(retention);
        this.insertIfAbsent = cql.prepare(insertInto(TABLE_NAME)
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .value(SENDER_SERVER_ID, bindMarker(SENDER_SERVER_ID))
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(RECIPIENT_DOMAIN, bindMarker(RECIPIENT_DOMAIN))
            .value(ISSUED_AT, bindMarker(ISSUED_AT))
            .value(EXPIRES_AT, bindMarker(EXPIRES_AT))
            .value(VALIDATED_AT, bindMarker(VALIDATED_AT))
            .value(REPORT_TOKEN_HASH, bindMarker(REPORT_TOKEN_HASH))
            .ifNotExists()
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.insertBySender = cql.prepare(insertInto(BY_SENDER_TABLE_NAME)
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(ISSUED_AT, bindMarker(ISSUED_AT))
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(MESSAGE_ID).isEqualTo(bindMarker(MESSAGE_ID)));
        this.selectBySender = cql.prepare(selectFrom(BY_SENDER_TABLE_NAME).column(MESSAGE_ID)
            .whereColumn(SENDER_DOMAIN).isEqualTo(bindMarker(SENDER_DOMAIN)));
    }

    /**
     * The sender's listing entry first, then the match: an entry whose match lost or never came is
     * skipped by {@link #listBySender}, which reads each entry's row, and writing it again is the
     * same row.
     */
    @Override
    public Mono<Boolean> recordValidation(Transmission validated) {
        Transmission.Validation validation = validated.validation()
            .orElseThrow(() -> new IllegalArgumentException("only a validated transmission is recorded"));
        return cql.execute(insertBySender.bind()
                .setString(SENDER_DOMAIN, validated.senderDomain().asString())
                .setInstant(ISSUED_AT, validated.issuedAt())
                .setString(MESSAGE_ID, validated.messageId().asString())
                .setInt(Ttl.MARKER, ttl))
            .then(cql.applied(insertIfAbsent.bind()
                .setString(MESSAGE_ID, validated.messageId().asString())
                .setString(SENDER_SERVER_ID, validated.senderServerId().asString())
                .setString(SENDER_DOMAIN, validated.senderDomain().asString())
                .setString(RECIPIENT_DOMAIN, validated.recipientDomain().asString())
                .setInstant(ISSUED_AT, validated.issuedAt())
                .setInstant(EXPIRES_AT, validated.expiresAt())
                .setInstant(VALIDATED_AT, validation.validatedAt())
                .setString(REPORT_TOKEN_HASH, validation.reportTokenHash())
                .setInt(Ttl.MARKER, ttl)));
    }

    @Override
    public Mono<Transmission> get(MessageId messageId) {
        return cql.one(select.bind().setString(MESSAGE_ID, messageId.asString()))
            .map(CassandraTransmissionStore::transmission);
    }

    @Override
    public Flux<Transmission> listBySender(DomainName senderDomain) {
        return cql.rows(selectBySender.bind().setString(SENDER_DOMAIN, senderDomain.asString()))
            .concatMap(row -> get(MessageId.of(row.getString(MESSAGE_ID))));
    }

    private static Transmission transmission(Row row) {
        Optional<Transmission.Validation> validation = Optional.of(
            new Transmission.Validation(row.getInstant(VALIDATED_AT), row.getString(REPORT_TOKEN_HASH)));
        return new Transmission(MessageId.of(row.getString(MESSAGE_ID)), ServerId.of(row.getString(SENDER_SERVER_ID)),
            DomainName.of(row.getString(SENDER_DOMAIN)), DomainName.of(row.getString(RECIPIENT_DOMAIN)), row.getInstant(ISSUED_AT),
            row.getInstant(EXPIRES_AT), validation);
    }
}
