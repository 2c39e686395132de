package org.ciers.authority.cassandra.table;

import java.util.function.Function;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.querybuilder.BuildableQuery;
import com.datastax.oss.driver.api.querybuilder.SchemaBuilder;
import com.datastax.oss.driver.api.querybuilder.schema.CreateTableStart;

/** One table of the authority's keyspace: its name and the statement that creates it when missing. */
public record CassandraTable(String name, SimpleStatement create) {
    /** The table {@code name} with the keys and columns {@code definition} gives it. */
    public static CassandraTable table(String name, Function<CreateTableStart, BuildableQuery> definition) {
        return new CassandraTable(name, definition.apply(SchemaBuilder.createTable(name).ifNotExists()).build());
    }
}
