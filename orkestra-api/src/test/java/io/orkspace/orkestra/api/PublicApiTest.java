package io.orkspace.orkestra.api;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SPI is a promise to hook authors: this test lists every public type and method of orkestra-api, so an
 * accidental change fails the build. A deliberate change updates the list here (and the release notes).
 */
class PublicApiTest {

    private static final List<Class<?>> TYPES = List.of(Hook.class, HookContext.class, HookContext.Events.class, Resource.class,
            HookArgs.class, HookResult.class);

    @Test
    void thePublicApiIsExactlyThis() {
        String actual = TYPES.stream().flatMap(PublicApiTest::signatures).collect(Collectors.joining("\n"));
        assertThat(actual).isEqualTo(String.join("\n",
                "Hook.create(HookContext) -> HookResult",
                "Hook.delete(HookContext) -> HookResult",
                "Hook.name() -> String",
                "Hook.reconcile(HookContext) -> HookResult",
                "HookContext.args() -> HookArgs",
                "HookContext.client() -> KubernetesClient",
                "HookContext.events() -> Events",
                "HookContext.log() -> Logger",
                "HookContext.resource() -> Resource",
                "Events.normal(String,String) -> void",
                "Events.warning(String,String) -> void",
                "Resource.annotations() -> Map",
                "Resource.apiVersion() -> String",
                "Resource.asMap() -> Map",
                "Resource.generation() -> long",
                "Resource.get(String) -> Optional",
                "Resource.kind() -> String",
                "Resource.labels() -> Map",
                "Resource.name() -> String",
                "Resource.namespace() -> String",
                "Resource.spec() -> Map",
                "Resource.status() -> Map",
                "Resource.uid() -> String",
                "HookArgs.asMap() -> Map",
                "HookArgs.bind(Class) -> Object",
                "HookArgs.bool(String) -> boolean",
                "HookArgs.duration(String) -> Optional",
                "HookArgs.has(String) -> boolean",
                "HookArgs.integer(String) -> long",
                "HookArgs.list(String) -> List",
                "HookArgs.map(String) -> Map",
                "HookArgs.optionalBool(String) -> Optional",
                "HookArgs.optionalInteger(String) -> Optional",
                "HookArgs.optionalString(String) -> Optional",
                "HookArgs.string(String) -> String",
                "HookResult.done() -> HookResult",
                "HookResult.error(String,String) -> HookResult",
                "HookResult.errorMessage() -> String",
                "HookResult.errorReason() -> String",
                "HookResult.failed() -> boolean",
                "HookResult.requeueAfter() -> Optional",
                "HookResult.requeueAfter(Duration) -> HookResult",
                "HookResult.status() -> Map",
                "HookResult.toString() -> String",
                "HookResult.withStatus(Map) -> HookResult",
                "HookResult.withStatus(String,Object) -> HookResult"));
    }

    @Test
    void resultsAreImmutableAndDescribeThemselves() {
        HookResult done = HookResult.done();
        HookResult withStatus = done.withStatus("endpoint", "https://x");
        assertThat(done.status()).isEmpty();
        assertThat(withStatus.status()).containsEntry("endpoint", "https://x");
        assertThat(HookResult.error("QuotaExceeded", "no zones left").failed()).isTrue();
        assertThat(HookResult.error("QuotaExceeded", "no zones left")).hasToString("error(QuotaExceeded: no zones left)");
        assertThat(HookResult.requeueAfter(java.time.Duration.ofSeconds(5)).requeueAfter()).contains(java.time.Duration.ofSeconds(5));
    }

    private static Stream<String> signatures(Class<?> type) {
        return new TreeSet<>(Arrays.stream(type.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !m.isSynthetic())
                .map(PublicApiTest::signature).toList()).stream();
    }

    private static String signature(Method m) {
        return m.getDeclaringClass().getSimpleName() + "." + m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(",")) + ") -> "
                + m.getReturnType().getSimpleName();
    }
}
