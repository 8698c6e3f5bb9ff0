package io.orkspace.orkestra.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A hook's {@code args} after rendering, with typed accessors. A missing required argument or a value of the wrong
 * type throws {@link IllegalArgumentException} with the argument's name, which the engine reports on the CR.
 *
 * <pre>{@code
 * hooks:
 *   function: dns-record
 *   args:
 *     zone: "{{ .spec.domain }}"
 *     ttl: 300
 *     timeout: 5s
 * }</pre>
 * <pre>{@code
 * record DnsArgs(String zone, int ttl) {}
 * DnsArgs a = ctx.args().bind(DnsArgs.class);
 * Duration timeout = ctx.args().duration("timeout").orElse(Duration.ofSeconds(10));
 * }</pre>
 */
public interface HookArgs {

    /** Every argument, as rendered (values are String, Integer, Long, Double, Boolean, Map or List). */
    Map<String, Object> asMap();

    /** Whether the argument is present and not null. */
    boolean has(String name);

    /** A required text argument (numbers and booleans are given as text). */
    String string(String name);

    Optional<String> optionalString(String name);

    /** A required integer ("3" is accepted). */
    long integer(String name);

    Optional<Long> optionalInteger(String name);

    /** A required boolean ("true"/"false" accepted). */
    boolean bool(String name);

    Optional<Boolean> optionalBool(String name);

    /** A duration written as 30s, 5m, 1h30m, 250ms or ISO-8601. */
    Optional<Duration> duration(String name);

    /** A map argument, empty when absent. */
    Map<String, Object> map(String name);

    /** A list argument, empty when absent. */
    List<Object> list(String name);

    /** Binds all arguments to a record or bean by name (Jackson rules: numbers from text, unknown names rejected). */
    <T> T bind(Class<T> type);
}
