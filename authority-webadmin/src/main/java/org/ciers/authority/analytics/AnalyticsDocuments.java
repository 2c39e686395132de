package org.ciers.authority.analytics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.AuditEntry;
import org.ciers.authority.model.DailyFigures;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.model.SpamReport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The documents of the three indices, built the same way when an event happens and when the
 * rebuild reads the store, so that a rebuilt index holds exactly what the live one held. Field
 * names are the index mappings' (snake case); times are ISO-8601 UTC, days {@code yyyy-MM-dd}.
 */
public final class AnalyticsDocuments {
    /** Audit entries never change: one version. */
    static final long AUDIT_VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnalyticsDocuments() {
    }

    /** A report as it stands; its version is its last change, so a later state is never replaced by an earlier one. */
    public static AnalyticsRecord report(SpamReport report, Optional<OrganizationId> organization) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("message_id", report.messageId().asString());
        source.put("sender_domain", report.senderDomain().asString());
        source.put("sender_server_id", report.senderServerId().asString());
        organization.ifPresent(id -> source.put("organization", id.asString()));
        source.put("recipient_domain", report.recipientDomain().asString());
        source.put("state", state(report.state()));
        source.put("sent_at", report.sentAt().toString());
        source.put("reported_at", report.reportedAt().toString());
        source.put("state_changed_at", report.stateChangedAt().toString());
        return new AnalyticsRecord(AnalyticsRecord.Index.REPORTS, report.messageId().asString(), report.stateChangedAt().toEpochMilli(),
            json(source));
    }

    /** An audit event; suspensions (of an organization's account, a domain, a peer) are flagged for the operator's filter. */
    public static AnalyticsRecord audit(AuditEntry entry) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("at", entry.at().toString());
        source.put("actor", entry.actor());
        source.put("action", entry.action());
        source.put("subject", entry.subject());
        source.put("suspension", entry.action().endsWith(".suspended"));
        return new AnalyticsRecord(AnalyticsRecord.Index.AUDIT, auditId(entry), AUDIT_VERSION, json(source));
    }

    /** A domain's figures of a day; taken again, the later figures replace the earlier. */
    public static AnalyticsRecord daily(DailyFigures figures, Optional<OrganizationId> organization) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("domain", figures.domain().asString());
        organization.ifPresent(id -> source.put("organization", id.asString()));
        source.put("day", figures.day().toString());
        source.put("transmissions", figures.transmissions());
        source.put("reports", figures.reports());
        source.put("refuted", figures.refuted());
        source.put("trust", figures.trust().asBigDecimal().doubleValue());
        source.put("transmissions_total", figures.atEnd().transmissions());
        source.put("standing_total", figures.atEnd().standingReports());
        source.put("refuted_total", figures.atEnd().refutedReports());
        source.put("taken_at", figures.takenAt().toString());
        return new AnalyticsRecord(AnalyticsRecord.Index.DAILY, figures.domain().asString() + "/" + figures.day(),
            figures.takenAt().toEpochMilli(), json(source));
    }

    /** The wire name of a report's state in the index and on the routes. */
    public static String state(ReportState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    /** An audit entry has no ID of its own: the hash of what it says (two identical entries of one nanosecond are one event). */
    private static String auditId(AuditEntry entry) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {entry.at().toString(), entry.actor(), entry.action(), entry.subject()}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String json(Map<String, Object> source) {
        try {
            return MAPPER.writeValueAsString(source);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }
}
