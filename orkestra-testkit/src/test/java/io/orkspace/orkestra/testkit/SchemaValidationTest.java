package io.orkspace.orkestra.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SchemaValidationTest {
  static final String CRD = String.join("\n",
      "apiVersion: apiextensions.k8s.io/v1",
      "kind: CustomResourceDefinition",
      "metadata: {name: widgets.test.orkestra.io}",
      "spec:",
      "  group: test.orkestra.io",
      "  scope: Namespaced",
      "  names: {kind: Widget, plural: widgets, singular: widget}",
      "  versions:",
      "  - name: v1",
      "    served: true",
      "    storage: true",
      "    subresources: {status: {}}",
      "    schema:",
      "      openAPIV3Schema:",
      "        type: object",
      "        properties:",
      "          spec:",
      "            type: object",
      "            required: [image]",
      "            properties:",
      "              image: {type: string, minLength: 3, maxLength: 20, pattern: '^[a-z0-9:./-]+$'}",
      "              replicas: {type: integer, minimum: 0, maximum: 10, default: 1}",
      "              tier: {type: string, enum: [web, worker]}",
      "              port: {x-kubernetes-int-or-string: true}",
      "              ratio: {type: number, nullable: true}",
      "              hosts: {type: array, minItems: 1, maxItems: 2, items: {type: string}}",
      "              labels: {type: object, additionalProperties: {type: string}}",
      "              extra: {type: object, x-kubernetes-preserve-unknown-fields: true}",
      "              template: {type: object, x-kubernetes-embedded-resource: true, x-kubernetes-preserve-unknown-fields: true}",
      "              options:",
      "                type: object",
      "                default: {}",
      "                properties:",
      "                  debug: {type: boolean, default: false}",
      "          status:",
      "            type: object",
      "            properties:",
      "              ready: {type: boolean}",
      "              phase: {type: string, enum: [Pending, Running]}",
      "");
  static final ResourceDefinitionContext WIDGETS = new ResourceDefinitionContext.Builder().withGroup("test.orkestra.io").withVersion("v1")
      .withPlural("widgets").withKind("Widget").withNamespaced(true).build();

  static EmbeddedCluster cluster;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    cluster = EmbeddedCluster.start();
    client = cluster.client();
    client.apiextensions().v1().customResourceDefinitions().resource(crd(CRD)).create();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  static CustomResourceDefinition crd(String yaml) {
    return client.apiextensions().v1().customResourceDefinitions().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
  }

  static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> widgets() {
    return client.genericKubernetesResources(WIDGETS).inNamespace("default");
  }

  static GenericKubernetesResource widget(String name, Map<String, Object> spec) {
    return new GenericKubernetesResourceBuilder().withApiVersion("test.orkestra.io/v1").withKind("Widget")
        .withNewMetadata().withName(name).endMetadata().withAdditionalProperties(Map.of("spec", spec)).build();
  }

  static Map<String, Object> spec(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The 422's causes as "field: message", the way kubectl prints them. */
  static List<String> invalid(ThrowingCallable call) {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      assertThat(e.getStatus().getReason()).isEqualTo("Invalid");
      thrown[0] = e;
    });
    KubernetesClientException e = (KubernetesClientException) thrown[0];
    return e.getStatus().getDetails().getCauses().stream().map(c -> c.getField() + ": " + c.getMessage()).toList();
  }

  @Test
  void eachOffendingFieldIsACauseWordedAsTheApiServerWordsIt() {
    Throwable[] thrown = new Throwable[1];
    assertThatThrownBy(() -> widgets().resource(widget("bad", spec("image", "AB", "replicas", "string", "tier", "db"))).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> thrown[0] = e);
    KubernetesClientException e = (KubernetesClientException) thrown[0];
    assertThat(e.getCode()).isEqualTo(422);
    assertThat(e.getStatus().getMessage()).startsWith("Widget.test.orkestra.io \"bad\" is invalid: [");
    assertThat(e.getStatus().getDetails().getKind()).isEqualTo("Widget");
    assertThat(e.getStatus().getDetails().getGroup()).isEqualTo("test.orkestra.io");
    assertThat(e.getStatus().getDetails().getCauses()).extracting(StatusCause::getField, StatusCause::getReason, StatusCause::getMessage)
        .contains(
            org.assertj.core.groups.Tuple.tuple("spec.replicas", "FieldValueTypeInvalid",
                "Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\""),
            org.assertj.core.groups.Tuple.tuple("spec.tier", "FieldValueNotSupported", "Unsupported value: \"db\": supported values: \"web\", \"worker\""),
            org.assertj.core.groups.Tuple.tuple("spec.image", "FieldValueInvalid", "Invalid value: \"AB\": spec.image in body should be at least 3 chars long"),
            org.assertj.core.groups.Tuple.tuple("spec.image", "FieldValueInvalid", "Invalid value: \"AB\": spec.image in body should match '^[a-z0-9:./-]+$'"));
    assertThat(widgets().withName("bad").get()).isNull();
  }

  @Test
  void requiredBoundsLengthsAndItemCountsAreChecked() {
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("replicas", 2))).create())).containsExactly("spec.image: Required value");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx", "replicas", -1))).create()))
        .containsExactly("spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx", "replicas", 11))).create()))
        .containsExactly("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx-with-a-long-name:1"))).create()))
        .containsExactly("spec.image: Too long: may not be longer than 20");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx", "hosts", List.of("a", "b", "c")))).create()))
        .containsExactly("spec.hosts: Too many: 3: must have at most 2 items");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx", "hosts", List.of()))).create()))
        .containsExactly("spec.hosts: Invalid value: 0: spec.hosts in body should have at least 1 items");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx", "hosts", List.of("a", 1)))).create()))
        .containsExactly("spec.hosts[1]: Invalid value: \"integer\": spec.hosts[1] in body must be of type string: \"integer\"");
    assertThat(invalid(() -> widgets().resource(widget("w1", spec("image", "nginx", "labels", Map.of("a", true)))).create()))
        .containsExactly("spec.labels.a: Invalid value: \"boolean\": spec.labels.a in body must be of type string: \"boolean\"");
  }

  @Test
  void unknownFieldsArePrunedUnlessPreservedAndDefaultsAreFilled() {
    GenericKubernetesResource w = widget("pruned", spec("image", "nginx", "unknown", "x", "extra", Map.of("anything", Map.of("deep", 1)),
        "labels", Map.of("a", "b")));
    w.setAdditionalProperty("junk", 1);
    GenericKubernetesResource created = widgets().resource(w).create();
    assertThat(created.getAdditionalProperties()).doesNotContainKey("junk");
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) widgets().withName("pruned").get().getAdditionalProperties().get("spec");
    assertThat(stored).doesNotContainKey("unknown").containsEntry("extra", Map.of("anything", Map.of("deep", 1)))
        .containsEntry("labels", Map.of("a", "b")).containsEntry("replicas", 1).containsEntry("options", Map.of("debug", false));
    assertThat(created.getMetadata().getGeneration()).isEqualTo(1L);
  }

  @Test
  void intOrStringNullableAndEmbeddedResources() {
    widgets().resource(widget("port-name", spec("image", "nginx", "port", "http"))).create();
    widgets().resource(widget("port-number", spec("image", "nginx", "port", 8080))).create();
    assertThat(invalid(() -> widgets().resource(widget("w2", spec("image", "nginx", "port", true))).create()))
        .containsExactly("spec.port: Invalid value: \"boolean\": spec.port in body must be of type integer,string: \"boolean\"");

    Map<String, Object> nulls = spec("image", "nginx", "ratio", null, "replicas", null);
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) widgets().resource(widget("nulls", nulls)).create().getAdditionalProperties().get("spec");
    assertThat(stored).containsEntry("ratio", null).containsEntry("replicas", 1);

    assertThat(invalid(() -> widgets().resource(widget("w2", spec("image", "nginx", "template", Map.of("apiVersion", "v1")))).create()))
        .containsExactly("spec.template.kind: Required value: must not be empty");
    Map<String, Object> pod = Map.of("apiVersion", "v1", "kind", "Pod", "metadata", Map.of("name", "p"), "spec", Map.of("anything", 1));
    @SuppressWarnings("unchecked")
    Map<String, Object> embedded = (Map<String, Object>) widgets().resource(widget("embedded", spec("image", "nginx", "template", pod))).create()
        .getAdditionalProperties().get("spec");
    assertThat(embedded.get("template")).isEqualTo(pod);
  }

  @Test
  void updatesPatchesAndAppliesAreValidatedToo() {
    widgets().resource(widget("writes", spec("image", "nginx"))).create();
    assertThat(invalid(() -> widgets().withName("writes").edit(w -> {
      w.setAdditionalProperty("spec", spec("image", "nginx", "replicas", 20));
      return w;
    }))).containsExactly("spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10");
    assertThat(invalid(() -> widgets().withName("writes").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tier\":\"db\"}}")))
        .containsExactly("spec.tier: Unsupported value: \"db\": supported values: \"web\", \"worker\"");
    assertThat(invalid(() -> widgets().withName("writes").patch(PatchContext.of(PatchType.JSON),
        "[{\"op\":\"replace\",\"path\":\"/spec/image\",\"value\":7}]")))
        .containsExactly("spec.image: Invalid value: \"integer\": spec.image in body must be of type string: \"integer\"");
    assertThat(invalid(() -> widgets().resource(widget("writes", spec("image", "nginx", "hosts", List.of()))).fieldManager("me").forceConflicts()
        .serverSideApply())).containsExactly("spec.hosts: Invalid value: 0: spec.hosts in body should have at least 1 items");
    assertThat(invalid(() -> widgets().resource(widget("applied", spec("replicas", 1))).fieldManager("me").serverSideApply()))
        .containsExactly("spec.image: Required value");
    GenericKubernetesResource unchanged = widgets().withName("writes").get();
    assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(1L);
    GenericKubernetesResource patched = widgets().withName("writes").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":3,\"bogus\":1}}");
    assertThat(patched.getAdditionalProperties().get("spec").toString()).contains("replicas=3").doesNotContain("bogus");
  }

  @Test
  void statusIsValidatedOnStatusWritesAndIgnoredOnSpecWrites() {
    widgets().resource(widget("status", spec("image", "nginx"))).create();
    Resource<GenericKubernetesResource> r = widgets().withName("status");
    assertThat(invalid(() -> r.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"phase\":\"Done\"}}")))
        .containsExactly("status.phase: Unsupported value: \"Done\": supported values: \"Pending\", \"Running\"");
    GenericKubernetesResource ok = r.subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"phase\":\"Running\",\"ready\":true,\"unknown\":1}}");
    assertThat(ok.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Running", "ready", true));
    // a spec write ignores status, so an invalid status in it is no error
    GenericKubernetesResource spec = r.patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":2},\"status\":{\"phase\":\"Done\"}}");
    assertThat(spec.getAdditionalProperties().get("status")).isEqualTo(Map.of("phase", "Running", "ready", true));
  }

  @Test
  void objectsStoredBeforeAStricterSchemaKeepTheirUnchangedFields() {
    String loose = CRD.replace("widgets.test.orkestra.io", "gadgets.test.orkestra.io").replace("kind: Widget, plural: widgets, singular: widget",
        "kind: Gadget, plural: gadgets, singular: gadget").replace("minimum: 0, maximum: 10, ", "");
    client.apiextensions().v1().customResourceDefinitions().resource(crd(loose)).create();
    ResourceDefinitionContext gadgets = new ResourceDefinitionContext.Builder().withGroup("test.orkestra.io").withVersion("v1")
        .withPlural("gadgets").withKind("Gadget").withNamespaced(true).build();
    var ops = client.genericKubernetesResources(gadgets).inNamespace("default");
    ops.resource(new GenericKubernetesResourceBuilder().withApiVersion("test.orkestra.io/v1").withKind("Gadget").withNewMetadata().withName("old")
        .endMetadata().withAdditionalProperties(Map.of("spec", spec("image", "nginx", "replicas", 50))).build()).create();
    String strict = loose.replace("replicas: {type: integer, ", "replicas: {type: integer, maximum: 10, ");
    client.apiextensions().v1().customResourceDefinitions().withName("gadgets.test.orkestra.io")
        .edit(c -> crd(strict).edit().withMetadata(c.getMetadata()).build());
    // unchanged fields are not checked again (ratcheting): status and other spec fields can still be written
    ops.withName("old").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"ready\":true}}");
    ops.withName("old").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"tier\":\"web\"}}");
    assertThat(invalid(() -> ops.withName("old").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":40}}")))
        .containsExactly("spec.replicas: Invalid value: 40: spec.replicas in body should be less than or equal to 10");
  }
}
