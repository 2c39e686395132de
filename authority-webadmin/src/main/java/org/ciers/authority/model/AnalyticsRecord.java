package org.ciers.authority.model;

import java.util.Objects;

/**
 * One document of the analytics copy (a report, an audit event, a domain's figures of a day) as
 * indexed: which index, its ID there, its version and its JSON source. Indexing one ID again with
 * an equal or greater version replaces the document, so a record indexed twice (a retry, a rebuild,
 * two authority nodes) leaves one document, and an older state never replaces a newer one.
 */
public record AnalyticsRecord(Index index, String id, long version, String json) {
    public enum Index {
        REPORTS("reports"), AUDIT("audit"), DAILY("daily");

        private final String wireName;

        Index(String wireName) {
            this.wireName = wireName;
        }

        /** The index's name after the configured prefix, and the record's kind in a store. */
        public String wireName() {
            return wireName;
        }

        public static Index fromWire(String name) {
            for (Index index : values()) {
                if (index.wireName.equals(name)) {
                    return index;
                }
            }
            throw new IllegalArgumentException("unknown analytics index " + name);
        }
    }

    public AnalyticsRecord {
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(json, "json");
        if (version < 0) {
            throw new IllegalArgumentException("a version is not negative");
        }
    }
}
