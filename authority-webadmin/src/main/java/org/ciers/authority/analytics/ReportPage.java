package org.ciers.authority.analytics;

import java.util.List;

/** One page of a report search and how many reports match in all. */
public record ReportPage(long total, int page, int size, List<IndexedReport> reports) {
    public ReportPage {
        reports = List.copyOf(reports);
    }
}
