package io.orkspace.orkestra.junit.observe;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;
import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import io.orkspace.orkestra.testkit.Requests;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code observe.watch}, end to end: a change of a watched object reconciles the CRs it maps to, and only those, long
 * before a resync would (the entry resyncs every ten minutes).
 */
@OrkestraTest
class ObserveWatchTest {

    static final String API = "test.orkestra.io/v1";
    static final Path KATALOG = Path.of("src/test/resources/katalogs/observe-watch.yaml");

    /** Reads what templates cannot: the CR's flags ConfigMap and the shared Secret, into status. */
    static final class FlagReader implements Hook {
        @Override
        public String name() {
            return "flag-reader";
        }

        @Override
        public HookResult reconcile(HookContext ctx) {
            String ns = ctx.resource().namespace();
            ConfigMap flags = ctx.client().configMaps().inNamespace(ns).withName(ctx.resource().name() + "-flags").get();
            Secret shared = ctx.client().secrets().inNamespace(ns).withName("shared-settings").get();
            return HookResult.done()
                    .withStatus("flag", flags == null || flags.getData() == null ? "" : flags.getData().getOrDefault("flag", ""))
                    .withStatus("setting", shared == null || shared.getData() == null ? ""
                            : new String(Base64.getDecoder().decode(shared.getData().getOrDefault("setting", "")), StandardCharsets.UTF_8));
        }
    }

    @Test
    void editingAConfigMapReconcilesTheWebappItsLabelNamesAndNoOther(OrkestraHarness h) throws Exception {
        h.start(KATALOG, b -> b.hook(new FlagReader()));
        h.apply(webapp("shop") + "---\n" + webapp("blog"));
        h.awaitReady(API, "Webapp", "shop");
        h.awaitReady(API, "Webapp", "blog");

        h.apply(flags("shop", "on"));
        h.await(API, "Webapp", "shop", o -> "on".equals(status(o).get("flag")));

        h.requests().reset();
        h.apply(flags("shop", "off"));
        h.await(API, "Webapp", "shop", o -> "off".equals(status(o).get("flag")));

        assertThat(writesTo(h.requests(), "blog")).as("blog is not mapped to shop-flags: nothing is written to it").isZero();
        assertThat(status(h.get(API, "Webapp", "blog")).get("flag")).isEqualTo("");
    }

    @Test
    void aWatchWithoutKeyFromReconcilesEveryWebappOnTheChangesItListens(OrkestraHarness h) throws Exception {
        h.start(KATALOG, b -> b.hook(new FlagReader()));
        h.apply(webapp("shop") + "---\n" + webapp("blog"));
        h.awaitReady(API, "Webapp", "shop");
        h.awaitReady(API, "Webapp", "blog");

        h.apply(secret("v1")); // on: [update] only, so creating it reconciles nobody; the next reconcile sees it
        h.apply(secret("v2"));

        h.await(API, "Webapp", "shop", o -> "v2".equals(status(o).get("setting")));
        h.await(API, "Webapp", "blog", o -> "v2".equals(status(o).get("setting")));
    }

    @Test
    void aWatchedKindTheServerDoesNotServeFailsTheStartNamingTheWatch(OrkestraHarness h) {
        assertThatThrownBy(() -> h.start(Path.of("src/test/resources/katalogs/observe-unserved.yaml")))
                .hasMessageContaining("webapp: observe.watch (")
                .hasMessageContaining("observe-unserved.yaml:14:")
                .hasMessageContaining("databases.example.com/v1 Database");
    }

    static long writesTo(Requests requests, String name) {
        return requests.log().stream().filter(r -> name.equals(r.name()) && r.resource().startsWith("webapps")
                && !r.verb().equals("get") && !r.verb().equals("list") && !r.verb().equals("watch")).count();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> status(GenericKubernetesResource o) {
        Object s = o.getAdditionalProperties().get("status");
        return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static String webapp(String name) {
        return """
                apiVersion: test.orkestra.io/v1
                kind: Webapp
                metadata: {name: %s}
                spec: {team: payments}
                """.formatted(name);
    }

    static String flags(String webapp, String flag) {
        return """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s-flags
                  labels: {test.orkestra.io/webapp: %s}
                data: {flag: "%s"}
                """.formatted(webapp, webapp, flag);
    }

    static String secret(String setting) {
        return """
                apiVersion: v1
                kind: Secret
                metadata: {name: shared-settings}
                data: {setting: "%s"}
                """.formatted(Base64.getEncoder().encodeToString(setting.getBytes(StandardCharsets.UTF_8)));
    }
}
