package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // already canonical
            "0, 0", "1, 1", "10, 10", "500m, 500m", "100Mi, 100Mi", "10Gi, 10Gi", "1k, 1k", "1e3, 1e3",
            // decimal SI: largest exponent that is a multiple of three
            "1000, 1k", "1000m, 1", "1500m, 1500m", "0.5, 500m", "0.1, 100m", "1.5, 1500m", "2000k, 2M",
            "12000000000, 12G", "100n, 100n", "1.5k, 1500", "0m, 0", "0Gi, 0", "-1000m, -1", "+5, 5", "01, 1",
            // finer than nano rounds up
            "0.0000000001, 1n", "1.0000000001, 1000000001n",
            // binary SI: largest power of 1024 that divides exactly
            "1024Mi, 1Gi", "2048Ki, 2Mi", "1536Mi, 1536Mi", "1.5Gi, 1536Mi", "1Ki, 1Ki", "0.5Ki, 512",
            "1023Ki, 1023Ki", "0.1Mi, 104857600m", "1024Ei, 9223372036854775807",
            // decimal exponent keeps its family
            "1e6, 1e6", "1000e3, 1e6", "1.5e3, 1500", "15e2, 1500", "1E3, 1e3",
            // not a quantity: printed as is
            "abc, abc", "1.2.3, 1.2.3", "'', ''"})
    void canonicalFormMatchesApimachinery(String in, String expected) {
        assertThat(Quantity.canonical(in)).isEqualTo(expected);
    }
}
