package org.ciers.authority.model;

/** A spam report stands until the recipient side refutes it; a refuted report still costs trust. */
public enum ReportState {
    STANDING,
    REFUTED
}
