package io.orkspace.orkestra.komposer.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SemverRangeTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource(delimiter = ';', value = {
            "1.2.3; 1.2.3; true",
            "=1.2.3; 1.2.4; false",
            "1.2; 1.2.9; true",
            "1.2; 1.3.0; false",
            "!=1.2.3; 1.2.3; false",
            ">1.2; 1.2.9; false",
            ">1.2; 1.3.0; true",
            ">=1.2, <2; 1.9.9; true",
            ">=1.2 <2; 2.0.0; false",
            "<=1.2; 1.2.7; true",
            "~1.2.3; 1.2.9; true",
            "~1.2.3; 1.3.0; false",
            "~1; 1.9.0; true",
            "^1.2.3; 1.9.0; true",
            "^1.2.3; 2.0.0; false",
            "^0.2.3; 0.2.9; true",
            "^0.2.3; 0.3.0; false",
            "^0.0.3; 0.0.4; false",
            "1.2.x; 1.2.5; true",
            "1.*; 1.5.0; true",
            "*; 9.9.9; true",
            "1.2 - 1.4.5; 1.4.5; true",
            "1.2 - 1.4.5; 1.4.6; false",
            "^1 || ^3; 3.1.0; true",
            "^1 || ^3; 2.1.0; false",
            "^1.0; 1.5.0-rc.1; false",
            ">=1.5.0-rc.0; 1.5.0-rc.1; true",
            "v1.2.3; 1.2.3; true",
    })
    void matchesAsHelmDoes(String range, String version, boolean expected) {
        assertThat(SemverRange.parse(range).matches(Semver.parse(version))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"1.0.0-rc.1; 1.0.0-rc.2", "1.0.0-alpha; 1.0.0-alpha.1", "1.0.0-2; 1.0.0-10", "1.0.0-rc.1; 1.0.0"})
    void prereleasesSortBeforeLaterOnes(String low, String high) {
        assertThat(Semver.parse(low)).isLessThan(Semver.parse(high));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"latest", ">=abc", "1.2 ||"})
    void somethingElseIsARefusedConstraint(String range) {
        assertThatThrownBy(() -> SemverRange.parse(range)).isInstanceOf(IllegalArgumentException.class);
    }
}
