package org.ciers.authority.opensearch;

import java.util.Map;

import org.ciers.authority.model.AnalyticsRecord;
import org.opensearch.client.opensearch._types.mapping.DynamicMapping;
import org.opensearch.client.opensearch._types.mapping.Property;
import org.opensearch.client.opensearch._types.mapping.TypeMapping;

/**
 * The explicit mapping of each index, in one place: the fields {@code AnalyticsDocuments} writes.
 * Strict: a document with a field not listed here is refused rather than guessed at.
 */
final class IndexMappings {
    private static final Property KEYWORD = Property.of(p -> p.keyword(k -> k));
    private static final Property TIME = Property.of(p -> p.date(d -> d.format("strict_date_optional_time")));
    private static final Property DAY = Property.of(p -> p.date(d -> d.format("strict_date")));
    private static final Property COUNT = Property.of(p -> p.long_(l -> l));
    private static final Property FLAG = Property.of(p -> p.boolean_(b -> b));
    private static final Property VALUE = Property.of(p -> p.double_(d -> d));

    private IndexMappings() {
    }

    static TypeMapping of(AnalyticsRecord.Index index) {
        Map<String, Property> fields = switch (index) {
            case REPORTS -> Map.of(
                "message_id", KEYWORD,
                "sender_domain", KEYWORD,
                "sender_server_id", KEYWORD,
                "organization", KEYWORD,
                "recipient_domain", KEYWORD,
                "state", KEYWORD,
                "sent_at", TIME,
                "reported_at", TIME,
                "state_changed_at", TIME);
            case AUDIT -> Map.of(
                "at", TIME,
                "actor", KEYWORD,
                "action", KEYWORD,
                "subject", KEYWORD,
                "suspension", FLAG);
            case DAILY -> Map.ofEntries(
                Map.entry("domain", KEYWORD),
                Map.entry("organization", KEYWORD),
                Map.entry("day", DAY),
                Map.entry("transmissions", COUNT),
                Map.entry("reports", COUNT),
                Map.entry("refuted", COUNT),
                Map.entry("trust", VALUE),
                Map.entry("transmissions_total", COUNT),
                Map.entry("standing_total", COUNT),
                Map.entry("refuted_total", COUNT),
                Map.entry("taken_at", TIME));
        };
        return TypeMapping.of(m -> m.dynamic(DynamicMapping.Strict).properties(fields));
    }
}
