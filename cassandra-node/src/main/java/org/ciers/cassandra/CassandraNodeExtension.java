package org.ciers.cassandra;

import java.nio.file.Path;

/**
 * One real Cassandra node for a whole test run; test classes get it as a parameter
 * ({@link CassandraNode}) and keep apart by keyspace.
 */
public final class CassandraNodeExtension extends RunWideNodeExtension<CassandraNode> {
    /** Enough for the tests' small data, and leaves memory for the James servers beside it. */
    private static final String HEAP = "512m";

    public CassandraNodeExtension() {
        super(CassandraNode.class, "cassandra-node");
    }

    @Override
    protected CassandraNode start(Path directory) throws Exception {
        return CassandraNode.start(directory, HEAP);
    }
}
