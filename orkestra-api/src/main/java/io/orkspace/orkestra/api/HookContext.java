package io.orkspace.orkestra.api;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.slf4j.Logger;

/** What a {@link Hook} receives for one call: the CR, its rendered args, and the engine's client, events and logger. */
public interface HookContext {

    /** The custom resource, as the engine's cache has it. */
    Resource resource();

    /** The hook's {@code args} from the Katalog, each template rendered against the CR. */
    HookArgs args();

    /**
     * The engine's Kubernetes client. Objects a hook creates should carry the label {@code managed-by: orkestra} and
     * an owner reference to the CR, and their kind be listed under {@code managedResources}, so the engine watches
     * them and a change triggers a reconcile.
     */
    KubernetesClient client();

    /** Records Kubernetes Events on the CR. */
    Events events();

    /** A logger named after the hook, for this CR. */
    Logger log();

    /** Kubernetes Events about the CR. Best effort: failing to record one never fails the hook. */
    interface Events {
        void normal(String reason, String message);

        void warning(String reason, String message);
    }
}
