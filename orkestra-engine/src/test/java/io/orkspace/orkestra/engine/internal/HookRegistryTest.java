package io.orkspace.orkestra.engine.internal;

import io.orkspace.orkestra.api.Hook;
import io.orkspace.orkestra.api.HookContext;
import io.orkspace.orkestra.api.HookResult;
import io.orkspace.orkestra.katalog.Katalog;
import io.orkspace.orkestra.katalog.KatalogLoader;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HookRegistryTest {

    /** Found through META-INF/services in this module's test resources. */
    public static final class GreetingHook implements Hook {
        @Override
        public String name() {
            return "greeting";
        }

        @Override
        public HookResult reconcile(HookContext context) {
            return HookResult.done().withStatus("greeting", "hello " + context.resource().name());
        }
    }

    private static final String KATALOG = """
            apiVersion: orkestra.orkspace.io/v1
            kind: Katalog
            metadata: {name: hooks}
            spec:
              crds:
                website:
                  apiTypes: {group: demo.orkestra.io, version: v1, kind: Website, plural: websites}
                  operatorBox:
                    reconciler:
                      hooks:
                        function: %s
                        args: {zone: "{{ .spec.domain }}", ttl: 300}
            """;

    @Test
    void hooksAreFoundByNameClassNameOrSimpleNameThroughServiceLoader() {
        HookRegistry r = HookRegistry.of(List.of(), getClass().getClassLoader());
        assertThat(r.find("greeting")).isPresent();
        assertThat(r.find(GreetingHook.class.getName())).isPresent();
        assertThat(r.find("GreetingHook")).isPresent();
        assertThat(r.available()).isEqualTo("greeting");
    }

    @Test
    void aRegisteredHookWinsOverAServiceLoaderHookOfTheSameName() {
        Hook mine = new Hook() {
            @Override
            public String name() {
                return "greeting";
            }
        };
        assertThat(HookRegistry.of(List.of(mine), getClass().getClassLoader()).find("greeting")).containsSame(mine);
    }

    @Test
    void aKatalogNamingAMissingHookFailsWithItsLocationAndTheHooksThatExist() throws Exception {
        Katalog k = KatalogLoader.create().parse(KATALOG.formatted("dns-record"), null);
        HookRegistry r = HookRegistry.of(List.of(), getClass().getClassLoader());
        assertThatThrownBy(() -> r.requireAll(k.enabledCrds()))
                .hasMessageContaining("spec.crds.website.operatorBox.reconciler.hooks.function: no hook named \"dns-record\"")
                .hasMessageEndingWith("available hooks: greeting");
        Katalog ok = KatalogLoader.create().parse(KATALOG.formatted("greeting"), null);
        r.requireAll(ok.enabledCrds());
    }

    @Test
    void argsHaveTypedAccessorsAndBindToRecords() {
        HookArgsView args = new HookArgsView(Map.of("zone", "example.com", "ttl", "300", "debug", "true", "timeout", "1m30s",
                "tags", List.of("a"), "labels", Map.of("k", "v")));
        assertThat(args.string("zone")).isEqualTo("example.com");
        assertThat(args.integer("ttl")).isEqualTo(300);
        assertThat(args.bool("debug")).isTrue();
        assertThat(args.duration("timeout")).contains(Duration.ofSeconds(90));
        assertThat(args.list("tags")).containsExactly("a");
        assertThat(args.map("labels")).containsEntry("k", "v");
        assertThat(args.optionalString("missing")).isEmpty();
        assertThatThrownBy(() -> args.string("missing")).hasMessage("args.missing is required");
        assertThatThrownBy(() -> args.integer("zone")).hasMessage("args.zone: expected an integer, got \"example.com\"");
        record Dns(String zone, int ttl) {
        }
        HookArgsView two = new HookArgsView(Map.of("zone", "example.com", "ttl", "300"));
        assertThat(two.bind(Dns.class)).isEqualTo(new Dns("example.com", 300));
        assertThatThrownBy(() -> args.bind(Dns.class)).hasMessageStartingWith("args do not fit Dns:");
    }
}
