package io.orkspace.orkestra.junit;

import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link OrkestraTest}: the cluster is per class, the harness per test. */
public final class OrkestraExtension implements ParameterResolver, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OrkestraExtension.class);

    /** Closes the cluster when the class's store is closed. */
    private record ClusterResource(TestCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == OrkestraHarness.class || type == EmbeddedCluster.class || type == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == TestCluster.class) {
            return cluster(context);
        }
        if (parameter.getParameter().getType() == EmbeddedCluster.class) {
            EmbeddedCluster embedded = cluster(context).embedded();
            org.junit.jupiter.api.Assumptions.assumeTrue(embedded != null, "this test needs the embedded API server");
            return embedded;
        }
        return context.getStore(NS).getOrComputeIfAbsent("harness", k -> new OrkestraHarness(cluster(context),
                context.getTestMethod().map(m -> m.getName()).orElse("test")), OrkestraHarness.class);
    }

    /** Starts (or reuses) the cluster before the test, so that a backend that is unavailable skips the test. */
    @Override
    public void beforeEach(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        OrkestraHarness harness = context.getStore(NS).remove("harness", OrkestraHarness.class);
        if (harness != null) {
            harness.close();
        }
    }

    private static TestCluster cluster(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
            classContext = classContext.getParent().get(); // nested classes share the outermost class's cluster
        }
        return classContext.getStore(NS).getOrComputeIfAbsent("cluster", k -> new ClusterResource(TestCluster.start()),
                ClusterResource.class).cluster();
    }
}
