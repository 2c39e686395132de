package org.ciers.cassandra;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Cassandra node for a whole test run: started before the first test class that asks for
 * it, stopped when the run ends. Test classes get it as a parameter ({@link CassandraNode}) and
 * keep apart by keyspace.
 */
public final class CassandraNodeExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(CassandraNodeExtension.class);
    private static final String NODE = "node";
    /** Enough for the tests' small data, and leaves memory for the James servers beside it. */
    private static final String HEAP = "512m";

    @Override
    public void beforeAll(ExtensionContext context) {
        node(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CassandraNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return node(context);
    }

    private static CassandraNode node(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(NODE, key -> new RunningNode(start()), RunningNode.class)
            .node();
    }

    private static CassandraNode start() {
        try {
            Path directory = Path.of(System.getProperty("java.io.tmpdir")).resolve("ciers-cassandra-" + ProcessHandle.current().pid());
            String buildDirectory = System.getProperty("ciers.build.dir");
            if (buildDirectory != null) {
                directory = Path.of(buildDirectory).resolve("cassandra-node");
            }
            return CassandraNode.start(directory, HEAP);
        } catch (Exception e) {
            throw new IllegalStateException("could not start Cassandra", e);
        }
    }

    /** Closed by JUnit when the root context (the whole run) ends. */
    private record RunningNode(CassandraNode node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws InterruptedException {
            node.close();
        }
    }
}
