package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.update;
import static org.ciers.authority.cassandra.table.ReportTables.BY_SENDER_TABLE_NAME;
import static org.ciers.authority.cassandra.table.ReportTables.MESSAGE_ID;
import static org.ciers.authority.cassandra.table.ReportTables.RECIPIENT_DOMAIN;
import static org.ciers.authority.cassandra.table.ReportTables.REPORTED_AT;
import static org.ciers.authority.cassandra.table.ReportTables.SENDER_DOMAIN;
import static org.ciers.authority.cassandra.table.ReportTables.SENDER_SERVER_ID;
import static org.ciers.authority.cassandra.table.ReportTables.SENT_AT;
import static org.ciers.authority.cassandra.table.ReportTables.STATE;
import static org.ciers.authority.cassandra.table.ReportTables.STATE_CHANGED_AT;
import static org.ciers.authority.cassandra.table.ReportTables.TABLE_NAME;

import java.time.Instant;

import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;
import org.ciers.authority.store.ReportStore;
import org.ciers.protocol.model.DomainName;
import org.ciers.protocol.model.MessageId;
import org.ciers.protocol.model.ServerId;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Spam reports by message ID (filed once: IF NOT EXISTS; state changes conditional on the current
 * state), and a sender's reports newest first through a second table.
 */
public final class CassandraReportStore implements ReportStore {
    /** The state a change expects the report in. */
    private static final CqlIdentifier FROM_STATE = CqlIdentifier.fromCql("from_state");

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement insertBySender;
    private final PreparedStatement select;
    private final PreparedStatement changeState;
    private final PreparedStatement selectBySender;

    CassandraReportStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID))
            .value(SENDER_SERVER_ID, bindMarker(SENDER_SERVER_ID))
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(RECIPIENT_DOMAIN, bindMarker(RECIPIENT_DOMAIN))
            .value(SENT_AT, bindMarker(SENT_AT))
            .value(REPORTED_AT, bindMarker(REPORTED_AT))
            .value(STATE, bindMarker(STATE))
            .value(STATE_CHANGED_AT, bindMarker(STATE_CHANGED_AT))
            .ifNotExists());
        this.insertBySender = cql.prepare(insertInto(BY_SENDER_TABLE_NAME)
            .value(SENDER_DOMAIN, bindMarker(SENDER_DOMAIN))
            .value(REPORTED_AT, bindMarker(REPORTED_AT))
            .value(MESSAGE_ID, bindMarker(MESSAGE_ID)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(MESSAGE_ID).isEqualTo(bindMarker(MESSAGE_ID)));
        this.changeState = cql.prepare(update(TABLE_NAME)
            .setColumn(STATE, bindMarker(STATE))
            .setColumn(STATE_CHANGED_AT, bindMarker(STATE_CHANGED_AT))
            .whereColumn(MESSAGE_ID).isEqualTo(bindMarker(MESSAGE_ID))
            .ifColumn(STATE).isEqualTo(bindMarker(FROM_STATE)));
        this.selectBySender = cql.prepare(selectFrom(BY_SENDER_TABLE_NAME).column(MESSAGE_ID)
            .whereColumn(SENDER_DOMAIN).isEqualTo(bindMarker(SENDER_DOMAIN)));
    }

    @Override
    public Mono<Boolean> file(SpamReport report) {
        return cql.applied(insert.bind()
                .setString(MESSAGE_ID, report.messageId().asString())
                .setString(SENDER_SERVER_ID, report.senderServerId().asString())
                .setString(SENDER_DOMAIN, report.senderDomain().asString())
                .setString(RECIPIENT_DOMAIN, report.recipientDomain().asString())
                .setInstant(SENT_AT, report.sentAt())
                .setInstant(REPORTED_AT, report.reportedAt())
                .setString(STATE, report.state().name())
                .setInstant(STATE_CHANGED_AT, report.stateChangedAt()))
            .flatMap(filed -> filed
                ? cql.execute(insertBySender.bind()
                        .setString(SENDER_DOMAIN, report.senderDomain().asString())
                        .setInstant(REPORTED_AT, report.reportedAt())
                        .setString(MESSAGE_ID, report.messageId().asString()))
                    .thenReturn(true)
                : Mono.just(false));
    }

    @Override
    public Mono<SpamReport> get(MessageId messageId) {
        return cql.one(select.bind().setString(MESSAGE_ID, messageId.asString())).map(CassandraReportStore::report);
    }

    @Override
    public Mono<Boolean> changeState(MessageId messageId, ReportState from, ReportState to, Instant at) {
        return cql.applied(changeState.bind()
            .setString(STATE, to.name())
            .setInstant(STATE_CHANGED_AT, at)
            .setString(MESSAGE_ID, messageId.asString())
            .setString(FROM_STATE, from.name()));
    }

    @Override
    public Flux<SpamReport> listBySender(DomainName senderDomain) {
        return cql.rows(selectBySender.bind().setString(SENDER_DOMAIN, senderDomain.asString()))
            .concatMap(row -> get(MessageId.of(row.getString(MESSAGE_ID))));
    }

    private static SpamReport report(Row row) {
        return new SpamReport(MessageId.of(row.getString(MESSAGE_ID)), ServerId.of(row.getString(SENDER_SERVER_ID)),
            DomainName.of(row.getString(SENDER_DOMAIN)), DomainName.of(row.getString(RECIPIENT_DOMAIN)), row.getInstant(SENT_AT),
            row.getInstant(REPORTED_AT), ReportState.valueOf(row.getString(STATE)), row.getInstant(STATE_CHANGED_AT));
    }
}
