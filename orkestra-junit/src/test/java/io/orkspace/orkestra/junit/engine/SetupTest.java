package io.orkspace.orkestra.junit.engine;

import io.orkspace.orkestra.junit.OrkestraHarness;
import io.orkspace.orkestra.junit.OrkestraTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A CRD entry's {@code setup} files are applied before its operator starts. */
@OrkestraTest
class SetupTest {

    @Test
    void setupObjectsExistOnceTheEngineHasStarted(OrkestraHarness h) throws Exception {
        h.start(Path.of("src/test/resources/katalogs/setup.yaml"));

        assertThat(h.client().configMaps().inNamespace("default").withName("shared-settings").get().getData())
                .containsEntry("region", "eu-west-1");
    }
}
