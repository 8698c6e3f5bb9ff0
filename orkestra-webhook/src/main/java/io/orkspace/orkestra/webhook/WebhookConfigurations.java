package io.orkspace.orkestra.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperationsBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfig;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.WebhookClientConfigBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversionBuilder;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What registering the webhook server means, as objects: the {@code spec.conversion} to set on each CRD whose entry
 * has {@code conversion.updateCRD: true}, and the Validating/MutatingWebhookConfiguration covering the entries whose
 * {@code webhooks} ask for it. Pure: nothing is sent; the engine's registration step applies these (server-side apply)
 * and re-applies when the CA bundle changes.
 *
 * <p>Choices: every webhook names its entry in the path ({@code /validate/<entry>}), so routing never guesses;
 * {@code admissionReviewVersions} and {@code conversionReviewVersions} are {@code [v1]}; {@code sideEffects: None};
 * {@code matchPolicy: Equivalent}; {@code timeoutSeconds: 10}; {@code failurePolicy} is the entry's
 * {@code webhooks.failurePolicy}, else {@code Fail} (rules that are declared are enforced). An entry registers for
 * validation when {@code webhooks.validation} says so, by default when it has validation rules or namespace lists;
 * for mutation when {@code webhooks.mutation} says so, by default when it has mutation rules.
 *
 * <pre>{@code
 * WebhookConfigurations wc = WebhookConfigurations.of(katalog,
 *         WebhookClient.service("orkestra-system", "orkestra", 443), certs.caBundleBase64());
 * wc.validating().ifPresent(client.resource(...)::serverSideApply);
 * }</pre>
 */
public final class WebhookConfigurations {

    /** Label put on the configurations Orkestra owns. */
    public static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "orkestra");

    private final Katalog katalog;
    private final WebhookClient client;
    private final String caBundle;

    private WebhookConfigurations(Katalog katalog, WebhookClient client, String caBundleBase64) {
        this.katalog = katalog;
        this.client = client;
        this.caBundle = caBundleBase64;
    }

    /** For a Katalog served at {@code client}, trusted with {@code caBundleBase64} ({@link Certificates#caBundleBase64()}). */
    public static WebhookConfigurations of(Katalog katalog, WebhookClient client, String caBundleBase64) {
        return new WebhookConfigurations(katalog, client, caBundleBase64);
    }

    /** The name of both configurations: {@code orkestra-<katalog name>}. */
    public String configurationName() {
        return "orkestra-" + dns(katalog.name());
    }

    /** The entries whose CRD gets {@code spec.conversion} patched ({@code conversion.updateCRD: true}). */
    public List<CrdEntry> conversionEntries() {
        return katalog.crds().values().stream().filter(CrdEntry::enabled)
                .filter(e -> e.conversion().map(c -> c.updateCRD()).orElse(false)).toList();
    }

    /** The CRD's {@code spec.conversion} for an entry: strategy Webhook, pointed at {@code /convert/<entry>}. */
    public CustomResourceConversion crdConversion(CrdEntry entry) {
        String path = Endpoint.CONVERT.path(entry.name());
        var config = new io.fabric8.kubernetes.api.model.apiextensions.v1.WebhookClientConfigBuilder().withCaBundle(caBundle);
        if (client.url() != null) {
            config.withUrl(client.url() + path);
        } else {
            config.withNewService().withNamespace(client.namespace()).withName(client.service()).withPort(client.port())
                    .withPath(path).endService();
        }
        return new CustomResourceConversionBuilder().withStrategy("Webhook")
                .withNewWebhook().withClientConfig(config.build()).withConversionReviewVersions("v1").endWebhook()
                .build();
    }

    /** Whether an entry registers for validation (see the class comment). */
    public static boolean validates(CrdEntry e) {
        return e.webhooks().validation().orElse(!e.validation().rules().isEmpty()
                || !e.restrictedNamespaces().isEmpty() || !e.allowedNamespaces().isEmpty());
    }

    /** Whether an entry registers for mutation (see the class comment). */
    public static boolean mutates(CrdEntry e) {
        return e.webhooks().mutation().orElse(!e.mutation().rules().isEmpty());
    }

    /** The ValidatingWebhookConfiguration, empty when no entry registers for validation. */
    public Optional<ValidatingWebhookConfiguration> validating() {
        List<ValidatingWebhook> hooks = new ArrayList<>();
        for (CrdEntry e : katalog.enabledCrds()) {
            if (validates(e)) {
                hooks.add(new ValidatingWebhookBuilder().withName(webhookName(e, "validate"))
                        .withClientConfig(clientConfig(Endpoint.VALIDATE.path(e.name())))
                        .withRules(rule(e)).withAdmissionReviewVersions("v1").withSideEffects("None")
                        .withMatchPolicy("Equivalent").withTimeoutSeconds(10).withFailurePolicy(failurePolicy(e)).build());
            }
        }
        if (hooks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(configurationName())
                .withLabels(LABELS).endMetadata().withWebhooks(hooks).build());
    }

    /** The MutatingWebhookConfiguration, empty when no entry registers for mutation. */
    public Optional<MutatingWebhookConfiguration> mutating() {
        List<MutatingWebhook> hooks = new ArrayList<>();
        for (CrdEntry e : katalog.enabledCrds()) {
            if (mutates(e)) {
                hooks.add(new MutatingWebhookBuilder().withName(webhookName(e, "mutate"))
                        .withClientConfig(clientConfig(Endpoint.MUTATE.path(e.name())))
                        .withRules(rule(e)).withAdmissionReviewVersions("v1").withSideEffects("None")
                        .withMatchPolicy("Equivalent").withTimeoutSeconds(10).withFailurePolicy(failurePolicy(e))
                        .withReinvocationPolicy("IfNeeded").build());
            }
        }
        if (hooks.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(configurationName())
                .withLabels(LABELS).endMetadata().withWebhooks(hooks).build());
    }

    private WebhookClientConfig clientConfig(String path) {
        WebhookClientConfigBuilder b = new WebhookClientConfigBuilder().withCaBundle(caBundle);
        if (client.url() != null) {
            return b.withUrl(client.url() + path).build();
        }
        return b.withNewService().withNamespace(client.namespace()).withName(client.service()).withPort(client.port())
                .withPath(path).endService().build();
    }

    private static RuleWithOperations rule(CrdEntry e) {
        return new RuleWithOperationsBuilder().withApiGroups(e.apiTypes().group() == null ? "" : e.apiTypes().group())
                .withApiVersions(e.apiTypes().version()).withResources(e.apiTypes().plural())
                .withOperations(e.webhooks().operations().stream().map(o -> o.toUpperCase(Locale.ROOT)).toList())
                .withScope("*").build();
    }

    private static String failurePolicy(CrdEntry e) {
        return e.webhooks().failurePolicy().orElse("Fail");
    }

    /** {@code <entry>.<katalog>.validate.orkestra.io}: unique, and a DNS name as the API server requires. */
    private String webhookName(CrdEntry e, String kind) {
        return dns(e.name()) + "." + dns(katalog.name()) + "." + kind + ".orkestra.io";
    }

    static String dns(String s) {
        String d = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-").replaceAll("^-+|-+$", "");
        return d.isEmpty() ? "x" : d.length() > 63 ? d.substring(0, 63).replaceAll("-+$", "") : d;
    }
}
