package org.ciers.authority.cassandra;

import java.time.Instant;

import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.store.ReportStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spam reports by message ID (filed once: IF NOT EXISTS; state changes conditional on the current
 * state), and a sender's reports newest first through a second table.
 */
public final class CassandraReportStore implements ReportStore {
    static final String TABLE = "reports";
    static final String BY_SENDER = "reports_by_sender";
    static final String MESSAGE_ID = "message_id";
    static final String SENDER_SERVER_ID = "sender_server_id";
    static final String SENDER_DOMAIN = "sender_domain";
    static final String RECIPIENT_DOMAIN = "recipient_domain";
    static final String SENT_AT = "sent_at";
    static final String REPORTED_AT = "reported_at";
    static final String STATE = "state";
    static final String STATE_CHANGED_AT = "state_changed_at";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + MESSAGE_ID + " text PRIMARY KEY, " + SENDER_SERVER_ID
        + " text, " + SENDER_DOMAIN + " text, " + RECIPIENT_DOMAIN + " text, " + SENT_AT + " timestamp, " + REPORTED_AT + " timestamp, "
        + STATE + " text, " + STATE_CHANGED_AT + " timestamp)";
    static final String BY_SENDER_SCHEMA = "CREATE TABLE IF NOT EXISTS " + BY_SENDER + " (" + SENDER_DOMAIN + " text, " + REPORTED_AT
        + " timestamp, " + MESSAGE_ID + " text, PRIMARY KEY (" + SENDER_DOMAIN + ", " + REPORTED_AT + ", " + MESSAGE_ID + ")) WITH CLUSTERING ORDER BY ("
        + REPORTED_AT + " DESC, " + MESSAGE_ID + " DESC)";

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement insertBySender;
    private final PreparedStatement select;
    private final PreparedStatement changeState;
    private final PreparedStatement selectBySender;

    CassandraReportStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + MESSAGE_ID + ", " + SENDER_SERVER_ID + ", " + SENDER_DOMAIN + ", "
            + RECIPIENT_DOMAIN + ", " + SENT_AT + ", " + REPORTED_AT + ", " + STATE + ", " + STATE_CHANGED_AT
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) IF NOT EXISTS");
        this.insertBySender = cql.session().prepare("INSERT INTO " + BY_SENDER + " (" + SENDER_DOMAIN + ", " + REPORTED_AT + ", "
            + MESSAGE_ID + ") VALUES (?, ?, ?)");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + MESSAGE_ID + " = ?");
        this.changeState = cql.session().prepare("UPDATE " + TABLE + " SET " + STATE + " = ?, " + STATE_CHANGED_AT + " = ? WHERE "
            + MESSAGE_ID + " = ? IF " + STATE + " = ?");
        this.selectBySender = cql.session().prepare("SELECT " + MESSAGE_ID + " FROM " + BY_SENDER + " WHERE " + SENDER_DOMAIN + " = ?");
    }

    @Override
    public Mono<Boolean> file(SpamReport report) {
        return cql.applied(insert.bind(report.messageId().asString(), report.senderServerId().asString(), report.senderDomain().asString(),
                report.recipientDomain().asString(), report.sentAt(), report.reportedAt(), report.state().name(), report.stateChangedAt()))
            .flatMap(filed -> filed
                ? cql.execute(insertBySender.bind(report.senderDomain().asString(), report.reportedAt(), report.messageId().asString()))
                    .thenReturn(true)
                : Mono.just(false));
    }

    @Override
    public Mono<SpamReport> get(MessageId messageId) {
        return cql.one(select.bind(messageId.asString())).map(CassandraReportStore::report);
    }

    @Override
    public Mono<Boolean> changeState(MessageId messageId, ReportState from, ReportState to, Instant at) {
        return cql.applied(changeState.bind(to.name(), at, messageId.asString(), from.name()));
    }

    @Override
    public Flux<SpamReport> listBySender(DomainName senderDomain) {
        return cql.rows(selectBySender.bind(senderDomain.asString()))
            .concatMap(row -> get(MessageId.of(row.getString(MESSAGE_ID))));
    }

    private static SpamReport report(Row row) {
        return new SpamReport(MessageId.of(row.getString(MESSAGE_ID)), ServerId.of(row.getString(SENDER_SERVER_ID)),
            DomainName.of(row.getString(SENDER_DOMAIN)), DomainName.of(row.getString(RECIPIENT_DOMAIN)), row.get(SENT_AT, Instant.class),
            row.get(REPORTED_AT, Instant.class), ReportState.valueOf(row.getString(STATE)), row.get(STATE_CHANGED_AT, Instant.class));
    }
}
