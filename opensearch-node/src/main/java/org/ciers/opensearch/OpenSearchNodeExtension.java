package org.ciers.opensearch;

import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real OpenSearch node for a whole test run: started before the first test class that asks for
 * it, stopped when the run ends. Test classes get it as a parameter ({@link OpenSearchNode}) and
 * keep apart by index prefix.
 */
public final class OpenSearchNodeExtension implements BeforeAllCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(OpenSearchNodeExtension.class);
    private static final String NODE = "node";
    /** Enough for the tests' data, and leaves memory for the James servers beside it. */
    private static final String HEAP = "512m";

    @Override
    public void beforeAll(ExtensionContext context) {
        node(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == OpenSearchNode.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return node(context);
    }

    private static OpenSearchNode node(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(NODE, key -> new RunningNode(start()), RunningNode.class)
            .node();
    }

    private static OpenSearchNode start() {
        try {
            Path directory = Path.of(System.getProperty("java.io.tmpdir")).resolve("ciers-opensearch-" + ProcessHandle.current().pid());
            String buildDirectory = System.getProperty("ciers.build.dir");
            if (buildDirectory != null) {
                directory = Path.of(buildDirectory).resolve("opensearch-node");
            }
            return OpenSearchNode.start(directory, HEAP);
        } catch (Exception e) {
            throw new IllegalStateException("could not start OpenSearch", e);
        }
    }

    /** Closed by JUnit when the root context (the whole run) ends. */
    private record RunningNode(OpenSearchNode node) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() throws InterruptedException {
            node.close();
        }
    }
}
