package org.ciers.authority.analytics;

import java.time.LocalDate;
import java.util.List;

import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.protocol.model.DomainName;

/**
 * The search engine analytics writes to and reads from (OpenSearch in authority-opensearch). Every
 * call is blocking and throws {@link AnalyticsUnavailableException} when the engine cannot answer;
 * none is made on a protocol path.
 */
public interface AnalyticsIndex extends AutoCloseable {
    /** Creates the indices that are missing, with their mappings. */
    void prepare();

    /** Indexes the records: idempotent by each record's ID and version (an older version is skipped). */
    void index(List<AnalyticsRecord> records);

    /** Deletes the indices and creates them again, empty (the rebuild's first step). */
    void recreate();

    /** Makes what was indexed searchable now (tests, and the rebuild's end). */
    void refresh();

    /** The reports matching every filter of the query, one page in its order, and how many match in all. */
    ReportPage reports(ReportQuery query);

    /** The sender domains with the most standing reports per transmission over the days of the window. */
    List<Offender> topOffenders(LocalDate from, LocalDate to, long minTransmissions, int limit);

    /** A domain's figures of each day of the window that has figures, oldest first. */
    List<DayFigures> histogram(DomainName domain, LocalDate from, LocalDate to);

    /** How many documents an index holds. */
    long count(AnalyticsRecord.Index index);

    /** Every document of an index as its JSON source, ordered by ID (tests compare a rebuilt index with the live one). */
    List<String> dump(AnalyticsRecord.Index index);

    @Override
    void close();
}
