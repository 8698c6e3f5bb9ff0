package io.orkspace.orkestra.junit;

import io.orkspace.orkestra.testkit.EmbeddedCluster;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link OrkestraTest}: the cluster is per class, the harness per test. */
public final class OrkestraExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OrkestraExtension.class);

    /** Closes the cluster when the class's store is closed. */
    private record ClusterResource(EmbeddedCluster cluster) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            cluster.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == OrkestraHarness.class || type == EmbeddedCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == EmbeddedCluster.class) {
            return cluster(context);
        }
        return context.getStore(NS).getOrComputeIfAbsent("harness", k -> new OrkestraHarness(cluster(context),
                context.getTestMethod().map(m -> m.getName()).orElse("test")), OrkestraHarness.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        OrkestraHarness harness = context.getStore(NS).remove("harness", OrkestraHarness.class);
        if (harness != null) {
            harness.close();
        }
    }

    private static EmbeddedCluster cluster(ExtensionContext context) {
        ExtensionContext classContext = context.getTestClass().isPresent() && context.getTestMethod().isPresent()
                ? context.getParent().orElse(context) : context;
        while (classContext.getParent().isPresent() && classContext.getParent().get().getTestClass().isPresent()) {
            classContext = classContext.getParent().get(); // nested classes share the outermost class's cluster
        }
        return classContext.getStore(NS).getOrComputeIfAbsent("cluster", k -> new ClusterResource(EmbeddedCluster.start()),
                ClusterResource.class).cluster();
    }
}
