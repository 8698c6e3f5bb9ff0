package io.orkspace.orkestra.katalog;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "1h30m, PT1H30M", "1.5h, PT1H30M", "2d, PT48H", "0, PT0S",
            "250us, PT0.00025S", "10ns, PT0.00000001S", "PT45S, PT45S", "pt1m, PT1M", "' 30s ', PT30S"})
    void readsGoDurationsDaysZeroAndIso(String text, String expected) {
        assertThat(Durations.parse(text)).contains(Duration.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "s", "1h 30m", "30 s", "thirty", "5mm", "-5s", "P", "1h30", "m5"})
    void rejectsAnythingElse(String text) {
        assertThat(Durations.parse(text)).isEmpty();
    }
}
