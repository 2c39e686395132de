package org.ciers.authority.cassandra;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.ciers.authority.model.Transmission;
import org.ciers.authority.store.TransmissionStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ReportToken;
import org.ciers.protocol.model.ServerId;

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
    static final String TABLE = "transmissions";
    static final String BY_SENDER = "transmissions_by_sender";
    static final String MESSAGE_ID = "message_id";
    static final String SENDER_SERVER_ID = "sender_server_id";
    static final String SENDER_DOMAIN = "sender_domain";
    static final String RECIPIENT_DOMAIN = "recipient_domain";
    static final String ISSUED_AT = "issued_at";
    static final String EXPIRES_AT = "expires_at";
    static final String VALIDATED = "validated";
    static final String VALIDATED_AT = "validated_at";
    static final String REPORT_TOKEN = "report_token";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + MESSAGE_ID + " text PRIMARY KEY, " + SENDER_SERVER_ID
        + " text, " + SENDER_DOMAIN + " text, " + RECIPIENT_DOMAIN + " text, " + ISSUED_AT + " timestamp, " + EXPIRES_AT + " timestamp, "
        + VALIDATED + " boolean, " + VALIDATED_AT + " timestamp, " + REPORT_TOKEN + " text)";
    static final String BY_SENDER_SCHEMA = "CREATE TABLE IF NOT EXISTS " + BY_SENDER + " (" + SENDER_DOMAIN + " text, " + ISSUED_AT
        + " timestamp, " + MESSAGE_ID + " text, PRIMARY KEY (" + SENDER_DOMAIN + ", " + ISSUED_AT + ", " + MESSAGE_ID + ")) WITH CLUSTERING ORDER BY ("
        + ISSUED_AT + " DESC, " + MESSAGE_ID + " DESC)";

    private final CqlExecutor cql;
    private final int retentionSeconds;
    private final PreparedStatement insert;
    private final PreparedStatement insertBySender;
    private final PreparedStatement select;
    private final PreparedStatement validate;
    private final PreparedStatement selectBySender;

    CassandraTransmissionStore(CqlExecutor cql, Duration retention) {
        this.cql = cql;
        this.retentionSeconds = Math.toIntExact(retention.toSeconds());
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + MESSAGE_ID + ", " + SENDER_SERVER_ID + ", " + SENDER_DOMAIN + ", "
            + RECIPIENT_DOMAIN + ", " + ISSUED_AT + ", " + EXPIRES_AT + ", " + VALIDATED + ") VALUES (?, ?, ?, ?, ?, ?, false) USING TTL ?");
        this.insertBySender = cql.session().prepare("INSERT INTO " + BY_SENDER + " (" + SENDER_DOMAIN + ", " + ISSUED_AT + ", " + MESSAGE_ID
            + ") VALUES (?, ?, ?) USING TTL ?");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + MESSAGE_ID + " = ?");
        // a missing row has no validated=false, so an unknown or expired ID is never validated
        this.validate = cql.session().prepare("UPDATE " + TABLE + " USING TTL ? SET " + VALIDATED + " = true, " + VALIDATED_AT + " = ?, "
            + REPORT_TOKEN + " = ? WHERE " + MESSAGE_ID + " = ? IF " + VALIDATED + " = false");
        this.selectBySender = cql.session().prepare("SELECT " + MESSAGE_ID + " FROM " + BY_SENDER + " WHERE " + SENDER_DOMAIN + " = ?");
    }

    @Override
    public Mono<Void> issue(Transmission transmission) {
        return cql.execute(insert.bind(transmission.messageId().asString(), transmission.senderServerId().asString(),
                transmission.senderDomain().asString(), transmission.recipientDomain().asString(), transmission.issuedAt(),
                transmission.expiresAt(), retentionSeconds))
            .then(cql.execute(insertBySender.bind(transmission.senderDomain().asString(), transmission.issuedAt(),
                transmission.messageId().asString(), retentionSeconds)));
    }

    @Override
    public Mono<Transmission> get(MessageId messageId) {
        return cql.one(select.bind(messageId.asString()))
            // the validation's cells may outlive the rest of an expired row by a little
            .filter(row -> !row.isNull(SENDER_DOMAIN))
            .map(CassandraTransmissionStore::transmission);
    }

    @Override
    public Mono<Boolean> markValidated(MessageId messageId, Transmission.Validation validation) {
        return cql.applied(validate.bind(retentionSeconds, validation.validatedAt(), validation.reportToken().reveal(),
            messageId.asString()));
    }

    @Override
    public Flux<Transmission> listBySender(DomainName senderDomain) {
        return cql.rows(selectBySender.bind(senderDomain.asString()))
            .concatMap(row -> get(MessageId.of(row.getString(MESSAGE_ID))));
    }

    private static Transmission transmission(Row row) {
        Optional<Transmission.Validation> validation = row.getBoolean(VALIDATED) && !row.isNull(VALIDATED_AT)
            ? Optional.of(new Transmission.Validation(row.get(VALIDATED_AT, Instant.class), ReportToken.of(row.getString(REPORT_TOKEN))))
            : Optional.empty();
        return new Transmission(MessageId.of(row.getString(MESSAGE_ID)), ServerId.of(row.getString(SENDER_SERVER_ID)),
            DomainName.of(row.getString(SENDER_DOMAIN)), DomainName.of(row.getString(RECIPIENT_DOMAIN)), row.get(ISSUED_AT, Instant.class),
            row.get(EXPIRES_AT, Instant.class), validation);
    }
}
