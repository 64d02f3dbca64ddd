package io.k3j.api.quantity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from apimachinery's documented and tested behaviour of resource.Quantity (parse, then String()). */
class CanonicalQuantityTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // decimal SI: no fraction, largest exponent that is a multiple of three
            "0.5, 500m", "1.5, 1500m", "1000m, 1", "5000m, 5", "1000M, 1G", "0.001T, 1G", "1000u, 1m",
            "1.08, 1080m", "1080000000n, 1080m", "1000, 1k", "10000, 10k", "1.5k, 1500", "0.0005k, 500m",
            "1.0, 1", "10.0350M, 10035k",
            // binary SI: the largest power of 1024 that divides the value
            "1024Mi, 1Gi", "307200Ki, 300Mi", "1025024Mi, 1001Gi", "1024Gi, 1Ti", "1.5Gi, 1536Mi", "0.5Mi, 512Ki",
            "2000Mi, 2000Mi", "8Ki, 8Ki", "1536Mi, 1536Mi",
            // binary values below 1024 or with a fraction print in decimal SI
            ".001Ki, 1024m", ".000001Ki, 1024u", ".000000001Ki, 1024n", "0.5Ki, 512", "100.035Ki, 102435840m",
            "0.05Gi, 53687091200m",
            // decimal exponents keep their family
            ".001e12, 1e9", "0.001e0, 1e-3", "1000e-12, 1e-9", "1.2e3, 1200", "1000e3, 1e6", "15e2, 1500",
            // nano precision, rounding up (away from zero)
            "0.1m, 100u", "3.001n, 4n", "1.1E-9, 2e-9", "0.0000000001, 1n", "0.0000000005, 1n", "0.9n, 1n",
            "0.00000012345, 124n", "0.000000000001Ki, 2n", "-0.1n, -1n",
            // binary values are capped at 2^63-1
            "9Ei, 9223372036854775807", "9223372036854775807Ki, 9223372036854775807",
            // decimal SI beyond E falls back to an exponent rather than dropping the magnitude
            "1000E, 1e21", "5000E, 5e21", "1000000E, 1e24",
            // zero is 0 whatever its suffix or sign
            "0, 0", "00, 0", "0m, 0", "0Ki, 0", "0.0, 0", "-0, 0", "0e3, 0",
            // negative values keep their sign
            "-1.5, -1500m", "-1024Mi, -1Gi", "-1000m, -1",
    })
    void printsTheCanonicalForm(String in, String expected) {
        assertThat(CanonicalQuantity.of(in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} stays as written")
    @CsvSource({
            "1Gi", "300Mi", "6Ki", "1001Gi", "5", "500m", "1G", "1m", "80m", "1080m", "300M", "1T", "1E", "12E",
            "1234567M", "3k", "1025", "1e9", "1e-3", "1e-9", "80e-3", "300e6", "1e12", "1e3", "3e3", "1n", "80n",
            "1080n", "1u", "80u", "1080u", "3Mi", "100", "1500",
            // upstream keeps any text whose value is already in canonical shape, exactly as written
            "1E3", "+5", "01", "100.035k", "10.035M", "1.500k", "-3Mi",
    })
    void keepsTextAlreadyInCanonicalShape(String in) {
        assertThat(CanonicalQuantity.of(in)).isEqualTo(in);
    }

    @ParameterizedTest(name = "value of {0} -> {1}")
    @CsvSource({"1E3, 1e3", "+5, 5", "01, 1", "100.035k, 100035", "1.500k, 1500", "1024Mi, 1Gi", "0.5, 500m"})
    void printsComputedValuesWithoutTheWrittenForm(String in, String expected) {
        assertThat(CanonicalQuantity.ofValue(in)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "aoeu|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "1.1.M|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "1+1.0M|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "0.1am|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "' 1'|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "'1 '|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "''|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "1.5 Gi|quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            "0.1mi|unable to parse quantity's suffix",
            ".5i|unable to parse quantity's suffix",
            "1i|unable to parse quantity's suffix",
            "-3.01i|unable to parse quantity's suffix",
            "-3.01e-|unable to parse quantity's suffix",
            "1K|unable to parse quantity's suffix",
            "1e|unable to parse quantity's suffix",
            "1e4294967297|unable to parse quantity's suffix",
            ".Ei|unable to parse numeric part of quantity",
    })
    void rejectsWhatUpstreamRejects(String in, String message) {
        assertThatThrownBy(() -> CanonicalQuantity.of(in)).isInstanceOf(InvalidQuantityException.class)
                .hasMessage(message);
        assertThat(CanonicalQuantity.isValid(in)).isFalse();
    }
}
