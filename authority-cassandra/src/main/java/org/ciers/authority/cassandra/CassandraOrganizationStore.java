package org.ciers.authority.cassandra;

import java.time.Instant;

import org.ciers.authority.model.Organization;
import org.ciers.authority.model.OrganizationId;
import org.ciers.authority.store.OrganizationStore;

import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

public final class CassandraOrganizationStore implements OrganizationStore {
    static final String TABLE = "organizations";
    static final String ID = "id";
    static final String NAME = "name";
    static final String TYPE = "type";
    static final String CONTACT_NAME = "contact_name";
    static final String ADDRESS = "address";
    static final String COUNTRY = "country";
    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String CREATED_AT = "created_at";
    static final String SCHEMA = "CREATE TABLE IF NOT EXISTS " + TABLE + " (" + ID + " uuid PRIMARY KEY, " + NAME + " text, " + TYPE
        + " text, " + CONTACT_NAME + " text, " + ADDRESS + " text, " + COUNTRY + " text, " + EMAIL + " text, " + PHONE + " text, "
        + CREATED_AT + " timestamp)";

    private final CqlExecutor cql;
    private final PreparedStatement insert;
    private final PreparedStatement select;
    private final PreparedStatement selectAll;

    CassandraOrganizationStore(CqlExecutor cql) {
        this.cql = cql;
        this.insert = cql.session().prepare("INSERT INTO " + TABLE + " (" + ID + ", " + NAME + ", " + TYPE + ", " + CONTACT_NAME + ", "
            + ADDRESS + ", " + COUNTRY + ", " + EMAIL + ", " + PHONE + ", " + CREATED_AT + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.select = cql.session().prepare("SELECT * FROM " + TABLE + " WHERE " + ID + " = ?");
        // the operator's listing; organizations are few next to transmissions
        this.selectAll = cql.session().prepare("SELECT * FROM " + TABLE);
    }

    @Override
    public Mono<Void> save(Organization organization) {
        return cql.execute(insert.bind(organization.id().value(), organization.name(), organization.type(), organization.contactName(),
            organization.address(), organization.country(), organization.email(), organization.phone(), organization.createdAt()));
    }

    @Override
    public Mono<Organization> get(OrganizationId id) {
        return cql.one(select.bind(id.value())).map(CassandraOrganizationStore::organization);
    }

    @Override
    public Flux<Organization> list() {
        return cql.rows(selectAll.bind()).map(CassandraOrganizationStore::organization);
    }

    private static Organization organization(Row row) {
        return new Organization(new OrganizationId(row.getUuid(ID)), row.getString(NAME), row.getString(TYPE), row.getString(CONTACT_NAME),
            row.getString(ADDRESS), row.getString(COUNTRY), row.getString(EMAIL), row.getString(PHONE), row.get(CREATED_AT, Instant.class));
    }
}
