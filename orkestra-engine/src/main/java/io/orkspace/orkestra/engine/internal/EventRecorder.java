package io.orkspace.orkestra.engine.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes Kubernetes Events about custom resources ({@code core/v1}, source {@code orkestra}). Best effort: a failure
 * to record an event is logged, never fails a reconcile.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    /** Normal or Warning. */
    public enum Type { Normal, Warning }

    private final KubernetesClient client;
    private final String component;

    public EventRecorder(KubernetesClient client, String component) {
        this.client = client;
        this.component = component;
    }

    /** An Event already written for the same object, type, reason and message, and how often it happened since. */
    private static final class Seen {
        final String name;
        final String namespace;
        int count = 1;

        Seen(String name, String namespace) {
            this.name = name;
            this.namespace = namespace;
        }
    }

    /** Repeats within this window are counted on the first Event instead of creating new ones (as client-go does). */
    private final Cache<String, Seen> seen = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).maximumSize(10_000).build();

    public void record(GenericKubernetesResource about, Type type, String reason, String message) {
        String namespace = about.getMetadata().getNamespace() == null ? "default" : about.getMetadata().getNamespace();
        String text = message.length() > 1024 ? message.substring(0, 1021) + "..." : message;
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        String key = about.getMetadata().getUid() + "|" + type + "|" + reason + "|" + text;
        Seen repeat = seen.getIfPresent(key);
        if (repeat != null) {
            int count;
            synchronized (repeat) {
                count = ++repeat.count;
            }
            if (Integer.bitCount(count) == 1) { // write counts 2, 4, 8...: a failing CR costs O(log n) event writes
                try {
                    client.v1().events().inNamespace(repeat.namespace).withName(repeat.name).edit(e -> {
                        e.setCount(count);
                        e.setLastTimestamp(now);
                        return e;
                    });
                } catch (KubernetesClientException e) {
                    LOG.debug("could not update event {} on {}/{}: {}", reason, namespace, about.getMetadata().getName(), e.getMessage());
                }
            }
            return;
        }
        String name = about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13).replace("-", "");
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion()).withKind(about.getKind())
                        .withName(about.getMetadata().getName()).withNamespace(about.getMetadata().getNamespace())
                        .withUid(about.getMetadata().getUid()).withResourceVersion(about.getMetadata().getResourceVersion())
                        .build())
                .withType(type.name())
                .withReason(reason)
                .withMessage(text)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
            seen.put(key, new Seen(name, namespace));
        } catch (KubernetesClientException e) {
            LOG.debug("could not record event {} on {}/{}: {}", reason, namespace, about.getMetadata().getName(), e.getMessage());
        }
    }
}
