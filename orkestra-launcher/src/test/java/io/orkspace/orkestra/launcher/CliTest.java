package io.orkspace.orkestra.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    static final Path SHARED = Path.of(System.getProperty("orkestra.shared.dir", "../../shared")).resolve("katalogs");
    static final Path EXAMPLES = Path.of("../examples");

    record Outcome(int code, String out, String err) {
    }

    static Outcome orkestra(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void validateAcceptsEverySharedKatalogTheKomposerAndTheExample() {
        Outcome o = orkestra("validate",
                SHARED.resolve("website/katalog.yaml").toString(), SHARED.resolve("website/seed-katalog.yaml").toString(),
                SHARED.resolve("website-versions/katalog.yaml").toString(), SHARED.resolve("website-versions/seed-katalog.yaml").toString(),
                SHARED.resolve("komposer/komposer.yaml").toString(), EXAMPLES.resolve("website/katalog.yaml").toString());

        assertThat(o.err()).isEmpty();
        assertThat(o.code()).isZero();
        assertThat(o.out().lines()).hasSize(6).allMatch(l -> l.endsWith(": valid"));
    }

    @Test
    void validateRejectsABrokenKatalogWithOneLocatedLinePerErrorAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("katalog.yaml");
        Files.writeString(broken, """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: k}
                spec:
                  crds:
                    web:
                      apiTypes: {group: g.io, version: v1, kind: W, plural: ws}
                      operatorBox:
                        autoscale: {interval: 15s}
                        onCreate:
                          deployments:
                            - image: nginx
                              replcas: 3
                """);

        Outcome o = orkestra("validate", broken.toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains(broken + ":9:9: spec.crds.web.operatorBox.autoscale: is not supported yet")
                .contains(broken + ":13:15: spec.crds.web.operatorBox.onCreate.deployments[0].replcas: unknown field \"replcas\" (did you mean \"replicas\"?)")
                .contains("2 errors");
        assertThat(o.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void validateReportsAMissingFileWithoutAStackTrace() {
        Outcome o = orkestra("validate", "no/such/katalog.yaml");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("no/such/katalog.yaml: file not found").doesNotContain("Exception");
    }

    @Test
    void renderPrintsTheWebsiteDeploymentAndServiceWithOwnerReferencesAndLabels() {
        Outcome o = orkestra("render", SHARED.resolve("website/katalog.yaml").toString(), "--cr", SHARED.resolve("website/cr.yaml").toString());

        assertThat(o.err()).isEmpty();
        assertThat(o.code()).isZero();
        String[] docs = o.out().split("(?m)^---\\n");
        assertThat(o.out()).startsWith("---\n");
        assertThat(docs).hasSize(3); // leading empty + two objects
        assertThat(docs[1]).contains("kind: Deployment", "name: blog\n", "replicas: 3\n", "image: nginx:1.27",
                "managed-by: orkestra", "orkestra-owner: blog", "ownerReferences:", "kind: Website", "controller: true",
                "blockOwnerDeletion: true");
        assertThat(docs[2]).contains("kind: Service", "name: blog-svc", "port: 80\n", "targetPort: 8080\n",
                "managed-by: orkestra", "ownerReferences:");
    }

    @Test
    void theSeedKatalogRendersADeploymentWithTheDefaultName() {
        Outcome o = orkestra("render", SHARED.resolve("website/seed-katalog.yaml").toString(), "--cr", SHARED.resolve("website/cr.yaml").toString());

        assertThat(o.code()).isZero();
        assertThat(o.out()).contains("kind: Deployment", "name: blog-deployment", "replicas: 3\n");
    }

    @Test
    void renderOfTheDeletePhasePrintsNothingWhenThereIsNoOnDeleteBlock() {
        Outcome o = orkestra("render", SHARED.resolve("website/katalog.yaml").toString(), "--cr", SHARED.resolve("website/cr.yaml").toString(),
                "--phase", "delete");

        assertThat(o.code()).isZero();
        assertThat(o.out()).isEmpty();
    }

    @Test
    void renderReportsAValueThatCannotBecomeAnIntegerAsALocatedError(@TempDir Path dir) throws Exception {
        Path cr = dir.resolve("cr.yaml");
        Files.writeString(cr, """
                apiVersion: demo.orkestra.io/v1alpha1
                kind: Website
                metadata: {name: blog, namespace: default}
                spec: {image: nginx, replicas: three, port: 8080}
                """);

        Outcome o = orkestra("render", SHARED.resolve("website/katalog.yaml").toString(), "--cr", cr.toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("katalog.yaml:20:25: spec.crds.website.operatorBox.onCreate.deployments[0].replicas: expected an integer, got \"three\"")
                .doesNotContain("Exception");
    }

    @Test
    void renderNeedsAMatchingCrdEntry(@TempDir Path dir) throws Exception {
        Path cr = dir.resolve("cr.yaml");
        Files.writeString(cr, "apiVersion: other.io/v1\nkind: Thing\nmetadata: {name: t, namespace: default}\n");

        Outcome o = orkestra("render", SHARED.resolve("website/katalog.yaml").toString(), "--cr", cr.toString());

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("no CRD entry", "other.io/v1 Thing", "--crd");
    }

    @Test
    void versionPrintsTheVersion() {
        Outcome o = orkestra("version");

        assertThat(o.code()).isZero();
        assertThat(o.out()).startsWith("orkestra ").contains("java ");
    }

    @Test
    void everyCommandHasHelpWithAnExample() {
        for (String cmd : new String[] {"run", "validate", "render", "version"}) {
            Outcome o = orkestra(cmd, "--help");
            assertThat(o.code()).as(cmd).isZero();
            assertThat(o.out()).as(cmd).contains("Usage: orkestra " + cmd).containsPattern("Examples?:");
        }
    }

    @Test
    void runWithoutAKubeconfigStartsTheEmbeddedServerAppliesTheFilesAndConverges() {
        Outcome o = orkestra("run", SHARED.resolve("website/katalog.yaml").toString(), "--embedded", "--exit-when-converged", "--timeout", "60s");

        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("Embedded Kubernetes API server at http://127.0.0.1:", "kubeconfig: ",
                "created Deployment blog", "created Service blog-svc", "Converged: all 1 custom resource(s) are Ready.");
    }

    @Test
    void theKomposerRunsWithItsOverride() {
        Outcome o = orkestra("run", SHARED.resolve("komposer/komposer.yaml").toString(), "--embedded", "--exit-when-converged", "--timeout", "60s");

        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("website (Website, 8 workers)", "Converged: all 1 custom resource(s) are Ready.");
    }

    @Test
    void aKatalogWithoutCrdFileRunsWithAGeneratedCrd() {
        Outcome o = orkestra("run", SHARED.resolve("website/seed-katalog.yaml").toString(), "--embedded", "--exit-when-converged", "--timeout", "60s");

        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).contains("Converged: the operators run and there is no custom resource yet.");
    }

    @Test
    void runRejectsABrokenKatalogWithLocatedErrorsBeforeStartingAnything(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("katalog.yaml");
        Files.writeString(broken, """
                apiVersion: orkestra.orkspace.io/v1
                kind: Katalog
                metadata: {name: broken}
                spec:
                  crds:
                    website:
                      apiTypes: {group: demo.orkestra.io, version: v1, kind: Website, plural: websites}
                      wrkers: 3
                """);

        Outcome o = orkestra("run", broken.toString(), "--embedded");

        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("katalog.yaml:8:7: spec.crds.website.wrkers: unknown field \"wrkers\" (did you mean \"workers\"?)");
        assertThat(o.out()).doesNotContain("Embedded Kubernetes API server");
    }
}
