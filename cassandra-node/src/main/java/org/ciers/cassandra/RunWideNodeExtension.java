package org.ciers.cassandra;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One forked server for a whole test run: started before the first test class that asks for it,
 * stopped when the run ends (the root context closes). Test classes get it as a parameter of its
 * type, and keep apart in it (a keyspace, an index prefix of their own).
 */
public abstract class RunWideNodeExtension<T extends AutoCloseable> implements BeforeAllCallback, ParameterResolver {
    private final Class<T> type;
    private final String directoryName;

    /** {@code directoryName}: the node's directory under the build directory ({@code ciers.build.dir}). */
    protected RunWideNodeExtension(Class<T> type, String directoryName) {
        this.type = type;
        this.directoryName = directoryName;
    }

    /** Starts the node with its data under {@code directory}. */
    protected abstract T start(Path directory) throws Exception;

    @Override
    public void beforeAll(ExtensionContext context) {
        node(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return node(context);
    }

    private T node(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
        @SuppressWarnings("unchecked")
        RunningNode<T> running = store.getOrComputeIfAbsent(type, key -> new RunningNode<>(startInBuildDirectory()), RunningNode.class);
        return running.node();
    }

    private T startInBuildDirectory() {
        try {
            Path directory = Path.of(System.getProperty("java.io.tmpdir")).resolve("ciers-" + directoryName + "-" + ProcessHandle.current().pid());
            String buildDirectory = System.getProperty("ciers.build.dir");
            if (buildDirectory != null) {
                directory = Path.of(buildDirectory).resolve(directoryName);
            }
            return start(directory);
        } catch (Exception e) {
            throw new IllegalStateException("could not start " + directoryName, e);
        }
    }

    /** Closed by JUnit when the root context (the whole run) ends. */
    private record RunningNode<T extends AutoCloseable>(T node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws Exception {
            node.close();
        }
    }
}
