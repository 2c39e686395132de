package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.literal;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.TransmissionTables.BY_SENDER_TABLE_NAME;
import static org.ciers.authority.cassandra.table.TransmissionTables.EXPIRES_AT;
import static org.ciers.authority.cassandra.table.TransmissionTables.ISSUED_AT;
import static org.ciers.authority.cassandra.table.TransmissionTables.MESSAGE_ID;
import static org.ciers.authority.cassandra.table.TransmissionTables.RECIPIENT_DOMAIN;
import static org.ciers.authority.cassandra.table.TransmissionTables.REPORT_TOKEN_HASH;
import static org.ciers.authority.cassandra.table.TransmissionTables.SENDER_DOMAIN;
import static org.ciers.authority.cassandra.table.TransmissionTables.SENDER_SERVER_ID;
import static org.ciers.authority.cassandra.table.TransmissionTables.TABLE_NAME;
import static org.ciers.authority.cassandra.table.TransmissionTables.VALIDATED;
import static org.ciers.authority.cassandra.table.TransmissionTables.VALIDATED_AT;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.ciers.authority.model.Transmission;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The transmission log, by message ID, kept for the retention (TTL); a sender's transmissions are
 * listed through a second table clustered newest first. The single match is a lightweight
 * transaction on the {@code validated} flag, so of any number of authority nodes validating one
 * message ID at once exactly one succeeds.
 */
public final class CassandraTransmissionStore implements TransmissionStore {
    private final CqlExecutor cql;
    private final int ttl;
    private final PreparedStatement insert;
    private final PreparedStatement insertBySender;
    private final PreparedStatement select;
    private final PreparedStatement validate;
    private final PreparedStatement selectBySender;

    CassandraTransmissionStore(CqlExecutor cql, Duration retention) {
        this.cql = cql;
        this.ttl = Ttl.of(retention);
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .value(SENDER_SERVER_ID, bindMarker(SENDER_SERVER_ID))
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(RECIPIENT_DOMAIN, bindMarker(RECIPIENT_DOMAIN))
            .value(ISSUED_AT, bindMarker(ISSUED_AT))
            .value(EXPIRES_AT, bindMarker(EXPIRES_AT))
            .value(VALIDATED, literal(false))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.insertBySender = cql.prepare(insertInto(BY_SENDER_TABLE_NAME)
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(ISSUED_AT, bindMarker(ISSUED_AT))
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .usingTtl(bindMarker(Ttl.MARKER)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(MESSAGE_ID).isEqualTo(bindMarker(MESSAGE_ID)));
        // a missing row has no validated=false, so an unknown or expired ID is never validated
        this.validate = cql.prepare(update(TABLE_NAME)
            .usingTtl(bindMarker(Ttl.MARKER))
            .setColumn(VALIDATED, literal(true))
            .setColumn(VALIDATED_AT, bindMarker(VALIDATED_AT))
            .setColumn(REPORT_TOKEN_HASH, bindMarker(REPORT_TOKEN_HASH))
            .whereColumn(MESSAGE_ID).isEqualTo(bindMarker(MESSAGE_ID))
            .ifColumn(VALIDATED).isEqualTo(literal(false)));
        this.selectBySender = cql.prepare(selectFrom(BY_SENDER_TABLE_NAME).column(MESSAGE_ID)
            .whereColumn(SENDER_DOMAIN).isEqualTo(bindMarker(SENDER_DOMAIN)));
    }

    @Override
    public Mono<Void> issue(Transmission transmission) {
        return issueAll(List.of(transmission));
    }

    /**
     * The log rows (a partition each), then the sender's index rows: those of one sender domain
     * share a partition, one mutation for them all. A transmission is listed only once it is logged.
     */
    @Override
    public Mono<Void> issueAll(List<Transmission> issued) {
        Map<DomainName, List<Transmission>> bySender = issued.stream()
            .collect(Collectors.groupingBy(Transmission::senderDomain, LinkedHashMap::new, Collectors.toList()));
        return Flux.fromIterable(issued)
            .flatMap(transmission -> cql.execute(insert.bind()
                .setString(MESSAGE_ID, transmission.messageId().asString())
                .setString(SENDER_SERVER_ID, transmission.senderServerId().asString())
                .setString(SENDER_DOMAIN, transmission.senderDomain().asString())
                .setString(RECIPIENT_DOMAIN, transmission.recipientDomain().asString())
                .setInstant(ISSUED_AT, transmission.issuedAt())
                .setInstant(EXPIRES_AT, transmission.expiresAt())
                .setInt(Ttl.MARKER, ttl)), CqlExecutor.IN_FLIGHT_PER_REQUEST)
            .thenMany(Flux.fromIterable(bySender.values()).flatMap(rows -> cql.execute(BatchStatement.newInstance(DefaultBatchType.UNLOGGED,
                rows.stream().<BatchableStatement<?>>map(transmission -> insertBySender.bind()
                    .setString(SENDER_DOMAIN, transmission.senderDomain().asString())
                    .setInstant(ISSUED_AT, transmission.issuedAt())
                    .setString(MESSAGE_ID, transmission.messageId().asString())
                    .setInt(Ttl.MARKER, ttl)).toList()))))
            .then();
    }

    @Override
    public Mono<Transmission> get(MessageId messageId) {
        return cql.one(select.bind().setString(MESSAGE_ID, messageId.asString()))
            // the validation's cells may outlive the rest of an expired row by a little
            .filter(row -> !row.isNull(SENDER_DOMAIN))
            .map(CassandraTransmissionStore::transmission);
    }

    @Override
    public Mono<Boolean> markValidated(MessageId messageId, Transmission.Validation validation) {
        return cql.applied(validate.bind()
            .setInt(Ttl.MARKER, ttl)
            .setInstant(VALIDATED_AT, validation.validatedAt())
            .setString(REPORT_TOKEN_HASH, validation.reportTokenHash())
            .setString(MESSAGE_ID, messageId.asString()));
    }

    @Override
    public Flux<Transmission> listBySender(DomainName senderDomain) {
        return cql.rows(selectBySender.bind().setString(SENDER_DOMAIN, senderDomain.asString()))
            .concatMap(row -> get(MessageId.of(row.getString(MESSAGE_ID))));
    }

    private static Transmission transmission(Row row) {
        Optional<Transmission.Validation> validation = row.getBoolean(VALIDATED) && !row.isNull(VALIDATED_AT)
            ? Optional.of(new Transmission.Validation(row.getInstant(VALIDATED_AT), row.getString(REPORT_TOKEN_HASH)))
            : Optional.empty();
        return new Transmission(MessageId.of(row.getString(MESSAGE_ID)), ServerId.of(row.getString(SENDER_SERVER_ID)),
            DomainName.of(row.getString(SENDER_DOMAIN)), DomainName.of(row.getString(RECIPIENT_DOMAIN)), row.getInstant(ISSUED_AT),
            row.getInstant(EXPIRES_AT), validation);
    }
}
