package org.ciers.opensearch;

import java.nio.file.Path;

import org.ciers.cassandra.RunWideNodeExtension;

/**
 * One real OpenSearch node for a whole test run; test classes get it as a parameter
 * ({@link OpenSearchNode}) and keep apart by index prefix.
 */
public final class OpenSearchNodeExtension extends RunWideNodeExtension<OpenSearchNode> {
    /** Enough for the tests' data, and leaves memory for the James servers beside it. */
    private static final String HEAP = "512m";

    public OpenSearchNodeExtension() {
        super(OpenSearchNode.class, "opensearch-node");
    }

    @Override
    protected OpenSearchNode start(Path directory) throws Exception {
        return OpenSearchNode.start(directory, HEAP);
    }
}
