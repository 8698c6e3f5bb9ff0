package io.orkspace.orkestra.komposer.internal;

import io.orkspace.orkestra.komposer.testing.TarGzWriter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TarGzTest {

    @Test
    void readsRegularFilesWithLongPaxNames() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("chart/Chart.yaml", "name: chart\n".getBytes(StandardCharsets.UTF_8));
        files.put("chart/templates/" + "x".repeat(120) + ".yaml", new byte[1025]);
        files.put("chart/empty.txt", new byte[0]);

        Map<String, byte[]> read = TarGz.read(TarGzWriter.write(files));

        assertThat(read.keySet()).containsExactlyElementsOf(files.keySet());
        assertThat(read.get("chart/Chart.yaml")).isEqualTo(files.get("chart/Chart.yaml"));
        assertThat(read.get("chart/templates/" + "x".repeat(120) + ".yaml")).hasSize(1025);
    }

    @Test
    void aCorruptArchiveIsAnIoError() {
        byte[] tgz = TarGzWriter.write(Map.of("a", new byte[] {1}));
        assertThatThrownBy(() -> TarGz.read(java.util.Arrays.copyOf(tgz, tgz.length / 2))).isInstanceOf(IOException.class);
    }
}
