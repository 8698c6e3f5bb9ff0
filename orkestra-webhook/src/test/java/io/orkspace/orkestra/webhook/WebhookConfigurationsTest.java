package io.orkspace.orkestra.webhook;

import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceConversion;
import io.orkspace.orkestra.katalog.CrdEntry;
import io.orkspace.orkestra.katalog.Katalog;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookConfigurationsTest {

    @Test
    void pointsTheCrdConversionAtTheEntrysRouteWithTheCaBundle() {
        Katalog k = Samples.katalog(Samples.VERSIONS.resolve("katalog.yaml"));
        WebhookConfigurations wc = WebhookConfigurations.of(k, WebhookClient.service("ops", "orkestra", 443), "Q0E=");

        assertThat(wc.conversionEntries()).extracting(CrdEntry::name).containsExactly("website-v1");
        CustomResourceConversion c = wc.crdConversion(k.crd("website-v1").orElseThrow());
        assertThat(c.getStrategy()).isEqualTo("Webhook");
        assertThat(c.getWebhook().getConversionReviewVersions()).containsExactly("v1");
        assertThat(c.getWebhook().getClientConfig().getCaBundle()).isEqualTo("Q0E=");
        assertThat(c.getWebhook().getClientConfig().getService().getPath()).isEqualTo("/convert/website-v1");
        assertThat(c.getWebhook().getClientConfig().getService().getPort()).isEqualTo(443);
        assertThat(wc.validating()).isEmpty();
        assertThat(wc.mutating()).isEmpty();
    }

    @Test
    void registersTheEntriesWhoseWebhooksAskForIt() {
        WebhookConfigurations wc = WebhookConfigurations.of(AdmissionTest.KATALOG, WebhookClient.url("https://127.0.0.1:9443/"), "Q0E=");

        ValidatingWebhookConfiguration v = wc.validating().orElseThrow();
        MutatingWebhookConfiguration m = wc.mutating().orElseThrow();

        assertThat(v.getMetadata().getName()).isEqualTo("orkestra-apps");
        assertThat(v.getWebhooks()).extracting(ValidatingWebhook::getName)
                .containsExactly("app.apps.validate.orkestra.io", "job.apps.validate.orkestra.io");
        ValidatingWebhook job = v.getWebhooks().get(1);
        assertThat(job.getClientConfig().getUrl()).isEqualTo("https://127.0.0.1:9443/validate/job");
        assertThat(job.getRules().get(0).getOperations()).containsExactly("CREATE");
        assertThat(job.getRules().get(0).getApiGroups()).containsExactly("apps.example.io");
        assertThat(job.getRules().get(0).getResources()).containsExactly("jobs");
        assertThat(job.getSideEffects()).isEqualTo("None");
        assertThat(job.getFailurePolicy()).isEqualTo("Fail");
        assertThat(job.getAdmissionReviewVersions()).isEqualTo(List.of("v1"));
        assertThat(m.getWebhooks()).singleElement().satisfies(w -> {
            assertThat(w.getName()).isEqualTo("app.apps.mutate.orkestra.io");
            assertThat(w.getClientConfig().getUrl()).isEqualTo("https://127.0.0.1:9443/mutate/app");
        });
    }
}
