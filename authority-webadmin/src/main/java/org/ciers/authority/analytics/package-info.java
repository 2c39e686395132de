/**
 * Analytics: the searchable, aggregatable copy of the authority's reports, audit events and daily
 * figures. The stores stay the source of truth; what is to be indexed waits durably in the
 * analytics outbox, and the index is whatever {@code authority.analytics} names (OpenSearch, from
 * the authority-opensearch module). Off by default.
 */
package org.ciers.authority.analytics;
