package org.ciers.authority.opensearch;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.Timeout;
import org.ciers.authority.analytics.AnalyticsIndex;
import org.ciers.authority.analytics.AnalyticsUnavailableException;
import org.ciers.authority.analytics.DayFigures;
import org.ciers.authority.analytics.IndexedReport;
import org.ciers.authority.analytics.Offender;
import org.ciers.authority.analytics.ReportPage;
import org.ciers.authority.analytics.ReportQuery;
import org.ciers.authority.model.AnalyticsRecord;
import org.ciers.authority.model.ReportState;
import org.ciers.authority.security.TrustedCas;
import org.ciers.authority.analytics.AnalyticsDocuments;
import org.ciers.protocol.model.DomainName;
import org.opensearch.client.json.JsonData;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.opensearch._types.FieldValue;
import org.opensearch.client.opensearch._types.OpenSearchException;
import org.opensearch.client.opensearch._types.SortOrder;
import org.opensearch.client.opensearch._types.VersionType;
import org.opensearch.client.opensearch._types.aggregations.Aggregation;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregate;
import org.opensearch.client.opensearch._types.aggregations.CompositeAggregationSource;
import org.opensearch.client.opensearch._types.aggregations.CompositeBucket;
import org.opensearch.client.opensearch._types.query_dsl.Query;
import org.opensearch.client.opensearch.core.BulkResponse;
import org.opensearch.client.opensearch.core.SearchResponse;
import org.opensearch.client.opensearch.core.bulk.BulkOperation;
import org.opensearch.client.opensearch.core.bulk.BulkResponseItem;
import org.opensearch.client.opensearch.core.search.Hit;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The analytics copy in three OpenSearch indices ({@code <prefix>reports}, {@code <prefix>audit},
 * {@code <prefix>daily}), each one shard with its explicit mapping, also as an index template so
 * that an index created by a write (another node, during a rebuild) gets it too. Writes are bulk
 * requests with external versions; rankings use composite aggregations, exact over any number of
 * domains and shards.
 */
final class OpenSearchAnalyticsIndex implements AnalyticsIndex {
    private static final Logger LOGGER = LoggerFactory.getLogger(OpenSearchAnalyticsIndex.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Buckets per composite aggregation page. */
    private static final int COMPOSITE_PAGE = 1000;
    /** Documents per page of a dump. */
    private static final int DUMP_PAGE = 1000;
    private static final int MAX_DAYS = 1000;

    private final OpenSearchSettings settings;
    private final ApacheHttpClient5Transport transport;
    private final OpenSearchClient client;

    OpenSearchAnalyticsIndex(OpenSearchSettings settings) {
        this.settings = settings;
        this.transport = transport(settings);
        this.client = new OpenSearchClient(transport);
    }

    private static ApacheHttpClient5Transport transport(OpenSearchSettings settings) {
        HttpHost[] hosts = settings.hosts().stream()
            .map(host -> new HttpHost(host.getScheme(), host.getHost(), host.getPort() == -1 ? 9200 : host.getPort()))
            .toArray(HttpHost[]::new);
        boolean tls = settings.hosts().stream().anyMatch(host -> "https".equals(host.getScheme()));
        Optional<SSLContext> sslContext = tls ? Optional.of(TrustedCas.sslContext(settings.ca(), OpenSearchSettings.CA)) : Optional.empty();
        Timeout timeout = Timeout.ofMilliseconds(settings.timeout().toMillis());
        return ApacheHttpClient5TransportBuilder.builder(hosts)
            .setMapper(new JacksonJsonpMapper(MAPPER))
            .setRequestConfigCallback(request -> request.setResponseTimeout(timeout).setConnectionRequestTimeout(timeout))
            .setHttpClientConfigCallback(http -> {
                if (settings.username().isPresent()) {
                    BasicCredentialsProvider credentials = new BasicCredentialsProvider();
                    for (HttpHost host : hosts) {
                        credentials.setCredentials(new AuthScope(host),
                            new UsernamePasswordCredentials(settings.username().get(), settings.password().orElseThrow().toCharArray()));
                    }
                    http.setDefaultCredentialsProvider(credentials);
                }
                PoolingAsyncClientConnectionManagerBuilder connections = PoolingAsyncClientConnectionManagerBuilder.create()
                    .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build());
                sslContext.ifPresent(context -> connections.setTlsStrategy(ClientTlsStrategyBuilder.create().setSslContext(context).build()));
                return http.setConnectionManager(connections.build());
            })
            .build();
    }

    String name(AnalyticsRecord.Index index) {
        return settings.indexPrefix() + index.wireName();
    }

    @Override
    public void prepare() {
        call(() -> {
            for (AnalyticsRecord.Index index : AnalyticsRecord.Index.values()) {
                client.indices().putIndexTemplate(template -> template
                    .name(name(index))
                    .indexPatterns(name(index))
                    .template(body -> body
                        .settings(indexSettings -> indexSettings.numberOfShards("1").numberOfReplicas(String.valueOf(settings.replicas())))
                        .mappings(IndexMappings.of(index))));
                if (!client.indices().exists(exists -> exists.index(name(index))).value()) {
                    create(index);
                }
            }
            return null;
        });
    }

    private void create(AnalyticsRecord.Index index) throws IOException {
        try {
            client.indices().create(create -> create.index(name(index)));
        } catch (OpenSearchException e) {
            // another node created it meanwhile
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    @Override
    public void recreate() {
        call(() -> {
            prepare();
            for (AnalyticsRecord.Index index : AnalyticsRecord.Index.values()) {
                client.indices().delete(delete -> delete.index(name(index)).ignoreUnavailable(true));
                create(index);
            }
            return null;
        });
    }

    @Override
    public void refresh() {
        call(() -> client.indices().refresh(refresh -> refresh.index(List.of(name(AnalyticsRecord.Index.REPORTS),
            name(AnalyticsRecord.Index.AUDIT), name(AnalyticsRecord.Index.DAILY)))));
    }

    /**
     * One bulk request. An item refused because a newer version is indexed already (409) is done; an
     * item the index finds malformed (400: it does not fit the mapping) is logged and dropped, since
     * sending it again cannot help; anything else (403 of a read-only index on a full disk or a
     * missing permission, 429, 5xx) fails the whole batch, to be sent again once it is fixed.
     */
    @Override
    public void index(List<AnalyticsRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        List<BulkOperation> operations = new ArrayList<>(records.size());
        for (AnalyticsRecord record : records) {
            JsonNode document = document(record.json());
            operations.add(BulkOperation.of(operation -> operation.index(index -> index
                .index(name(record.index()))
                .id(record.id())
                .version(record.version())
                .versionType(VersionType.ExternalGte)
                .document(document))));
        }
        BulkResponse response = call(() -> client.bulk(bulk -> bulk.operations(operations)));
        if (!response.errors()) {
            return;
        }
        List<String> retriable = new ArrayList<>();
        for (BulkResponseItem item : response.items()) {
            if (item.error() == null || item.status() == 409) {
                continue;
            }
            if (item.status() == 400) {
                LOGGER.error("CIERS analytics: {} refused document {} for good ({}): {}", item.index(), item.id(), item.status(),
                    item.error().reason());
            } else {
                retriable.add(item.id() + ": " + item.error().reason());
            }
        }
        if (!retriable.isEmpty()) {
            throw new AnalyticsUnavailableException(retriable.size() + " document(s) not indexed, e.g. " + retriable.get(0), null);
        }
    }

    @Override
    public ReportPage reports(ReportQuery query) {
        List<Query> filters = new ArrayList<>();
        query.senderDomain().ifPresent(domain -> filters.add(term("sender_domain", domain.asString())));
        query.organization().ifPresent(organization -> filters.add(term("organization", organization.asString())));
        query.recipientDomain().ifPresent(domain -> filters.add(term("recipient_domain", domain.asString())));
        query.state().ifPresent(state -> filters.add(term("state", AnalyticsDocuments.state(state))));
        if (query.from().isPresent() || query.to().isPresent()) {
            filters.add(Query.of(q -> q.range(range -> {
                range.field("reported_at");
                query.from().ifPresent(from -> range.gte(JsonData.of(from.toString())));
                query.to().ifPresent(to -> range.lt(JsonData.of(to.toString())));
                return range;
            })));
        }
        SortOrder order = query.oldestFirst() ? SortOrder.Asc : SortOrder.Desc;
        SearchResponse<ObjectNode> response = call(() -> client.search(search -> search
            .index(name(AnalyticsRecord.Index.REPORTS))
            .query(q -> q.bool(bool -> bool.filter(filters)))
            .sort(sort -> sort.field(field -> field.field("reported_at").order(order)))
            .sort(sort -> sort.field(field -> field.field("message_id").order(order)))
            .from(query.page() * query.size())
            .size(query.size())
            .trackTotalHits(total -> total.enabled(true)), ObjectNode.class));
        List<IndexedReport> reports = response.hits().hits().stream().map(Hit::source).map(OpenSearchAnalyticsIndex::report).toList();
        return new ReportPage(response.hits().total().value(), query.page(), query.size(), reports);
    }

    private static IndexedReport report(ObjectNode source) {
        return new IndexedReport(source.path("message_id").asText(), source.path("sender_domain").asText(),
            source.path("sender_server_id").asText(), Optional.ofNullable(source.get("organization")).map(JsonNode::asText),
            source.path("recipient_domain").asText(), source.path("state").asText(), Instant.parse(source.path("sent_at").asText()),
            Instant.parse(source.path("reported_at").asText()), Instant.parse(source.path("state_changed_at").asText()));
    }

    @Override
    public List<Offender> topOffenders(LocalDate from, LocalDate to, long minTransmissions, int limit) {
        Map<String, Long> standing = new HashMap<>();
        Query reportsInWindow = Query.of(q -> q.bool(bool -> bool
            .filter(term("state", AnalyticsDocuments.state(ReportState.STANDING)))
            .filter(f -> f.range(range -> range.field("reported_at")
                .gte(JsonData.of(from.atStartOfDay(ZoneOffset.UTC).toInstant().toString()))
                .lt(JsonData.of(to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString()))))));
        eachBucket(name(AnalyticsRecord.Index.REPORTS), reportsInWindow, "sender_domain", Optional.empty(),
            bucket -> standing.put(bucket.key().get("domain").to(String.class), bucket.docCount()));
        List<Offender> offenders = new ArrayList<>();
        Query daysInWindow = Query.of(q -> q.range(range -> range.field("day")
            .gte(JsonData.of(from.toString())).lte(JsonData.of(to.toString()))));
        eachBucket(name(AnalyticsRecord.Index.DAILY), daysInWindow, "domain", Optional.of("transmissions"), bucket -> {
            String domain = bucket.key().get("domain").to(String.class);
            long transmissions = (long) bucket.aggregations().get("total").sum().value();
            if (transmissions >= minTransmissions) {
                offenders.add(Offender.of(domain, transmissions, standing.getOrDefault(domain, 0L)));
            }
        });
        return offenders.stream().sorted(Offender.WORST_FIRST).limit(limit).toList();
    }

    /** Every bucket of a composite aggregation by {@code field}, page after page; with a sum of {@code summed} named {@code total}. */
    private void eachBucket(String index, Query query, String field, Optional<String> summed, Consumer<CompositeBucket> each) {
        Map<String, String> after = null;
        do {
            Map<String, String> from = after;
            SearchResponse<Void> response = call(() -> client.search(search -> search
                .index(index)
                .size(0)
                .query(query)
                .aggregations("domains", aggregation -> {
                    Aggregation.Builder.ContainerBuilder container = aggregation.composite(composite -> {
                        composite.size(COMPOSITE_PAGE).sources(Map.of("domain", CompositeAggregationSource.of(source -> source
                            .terms(terms -> terms.field(field)))));
                        if (from != null) {
                            composite.after(from);
                        }
                        return composite;
                    });
                    summed.ifPresent(sumField -> container.aggregations("total", sum -> sum.sum(s -> s.field(sumField))));
                    return container;
                }), Void.class));
            CompositeAggregate domains = response.aggregations().get("domains").composite();
            domains.buckets().array().forEach(each);
            after = domains.buckets().array().isEmpty() || domains.afterKey() == null || domains.afterKey().isEmpty() ? null
                : Map.of("domain", domains.afterKey().get("domain").to(String.class));
        } while (after != null);
    }

    @Override
    public List<DayFigures> histogram(DomainName domain, LocalDate from, LocalDate to) {
        SearchResponse<ObjectNode> response = call(() -> client.search(search -> search
            .index(name(AnalyticsRecord.Index.DAILY))
            .query(q -> q.bool(bool -> bool
                .filter(term("domain", domain.asString()))
                .filter(f -> f.range(range -> range.field("day").gte(JsonData.of(from.toString())).lte(JsonData.of(to.toString()))))))
            .sort(sort -> sort.field(field -> field.field("day").order(SortOrder.Asc)))
            .size(MAX_DAYS), ObjectNode.class));
        return response.hits().hits().stream().map(Hit::source)
            .map(source -> new DayFigures(LocalDate.parse(source.path("day").asText()), source.path("transmissions").asLong(),
                source.path("reports").asLong(), source.path("refuted").asLong(), source.path("trust").asDouble()))
            .toList();
    }

    @Override
    public long count(AnalyticsRecord.Index index) {
        return call(() -> client.count(count -> count.index(name(index))).count());
    }

    @Override
    public List<String> dump(AnalyticsRecord.Index index) {
        List<String> documents = new ArrayList<>();
        List<String> after = null;
        do {
            List<String> from = after;
            SearchResponse<ObjectNode> response = call(() -> client.search(search -> {
                search.index(name(index)).size(DUMP_PAGE).version(true)
                    .sort(sort -> sort.field(field -> field.field("_id").order(SortOrder.Asc)));
                if (from != null) {
                    search.searchAfter(from);
                }
                return search;
            }, ObjectNode.class));
            List<Hit<ObjectNode>> hits = response.hits().hits();
            hits.forEach(hit -> documents.add(hit.id() + " v" + hit.version() + " " + hit.source()));
            after = hits.size() < DUMP_PAGE ? null : List.of(hits.get(hits.size() - 1).id());
        } while (after != null);
        return documents;
    }

    @Override
    public void close() {
        try {
            transport.close();
        } catch (IOException e) {
            LOGGER.debug("closing the OpenSearch client", e);
        }
    }

    private static Query term(String field, String value) {
        return Query.of(q -> q.term(term -> term.field(field).value(FieldValue.of(value))));
    }

    private static JsonNode document(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an analytics record is not JSON", e);
        }
    }

    private interface Call<T> {
        T run() throws IOException;
    }

    /** A request to the cluster: whatever goes wrong on the way is the cluster being unavailable now. */
    private static <T> T call(Call<T> request) {
        try {
            return request.run();
        } catch (AnalyticsUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new AnalyticsUnavailableException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
