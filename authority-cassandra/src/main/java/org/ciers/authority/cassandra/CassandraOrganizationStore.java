package org.ciers.authority.cassandra;

import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.bindMarker;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.insertInto;
import static com.datastax.oss.driver.api.querybuilder.QueryBuilder.selectFrom;
import static org.ciers.authority.cassandra.table.OrganizationTable.ADDRESS;
import static org.ciers.authority.cassandra.table.OrganizationTable.CONTACT_NAME;
import static org.ciers.authority.cassandra.table.OrganizationTable.COUNTRY;
import static org.ciers.authority.cassandra.table.OrganizationTable.CREATED_AT;
import static org.ciers.authority.cassandra.table.OrganizationTable.EMAIL;
import static org.ciers.authority.cassandra.table.OrganizationTable.ID;
import static org.ciers.authority.cassandra.table.OrganizationTable.NAME;
import static org.ciers.authority.cassandra.table.OrganizationTable.PHONE;
import static org.ciers.authority.cassandra.table.OrganizationTable.TABLE_NAME;
import static org.ciers.authority.cassandra.table.OrganizationTable.TYPE;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.OrganizationStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Organizations by ID; the operator's listing reads the whole table and sorts it. */
public final class CassandraOrganizationStore implements OrganizationStore {
    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;

    CassandraOrganizationStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.prepare(insertInto(TABLE_NAME)
            .value(ID, bindMarker(ID))
            .value(NAME, bindMarker(NAME))
            .value(TYPE, bindMarker(TYPE))
            .value(CONTACT_NAME, bindMarker(CONTACT_NAME))
            .value(ADDRESS, bindMarker(ADDRESS))
            .value(COUNTRY, bindMarker(COUNTRY))
            .value(EMAIL, bindMarker(EMAIL))
            .value(PHONE, bindMarker(PHONE))
            .value(CREATED_AT, bindMarker(CREATED_AT)));
        this.select = cql.prepare(selectFrom(TABLE_NAME).all().whereColumn(ID).isEqualTo(bindMarker(ID)));
        // the operator's listing; organizations are few next to transmissions
        this.selectAll = cql.prepare(selectFrom(TABLE_NAME).all());
    }

    @Override
    public Mono<Void> save(Organization organization) {
        return cql.execute(insert.bind()
            .setUuid(ID, organization.id().value())
            .setString(NAME, organization.name())
            .setString(TYPE, organization.type())
            .setString(CONTACT_NAME, organization.contactName())
            .setString(ADDRESS, organization.address())
            .setString(COUNTRY, organization.country())
            .setString(EMAIL, organization.email())
            .setString(PHONE, organization.phone())
            .setInstant(CREATED_AT, organization.createdAt()));
    }

    @Override
    public Mono<Organization> get(OrganizationId id) {
        return cql.one(select.bind().setUuid(ID, id.value())).map(CassandraOrganizationStore::organization);
    }

    @Override
    public Flux<Organization> list() {
        return cql.rows(selectAll.bind()).map(CassandraOrganizationStore::organization).sort(OLDEST_FIRST);
    }

    private static Organization organization(Row row) {
        return new Organization(new OrganizationId(row.getUuid(ID)), row.getString(NAME), row.getString(TYPE), row.getString(CONTACT_NAME),
            row.getString(ADDRESS), row.getString(COUNTRY), row.getString(EMAIL), row.getString(PHONE), row.getInstant(CREATED_AT));
    }
}
