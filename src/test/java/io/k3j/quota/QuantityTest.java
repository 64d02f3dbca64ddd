package io.k3j.quota;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantityTest {

    @Test
    void parsesAndPrintsCanonically() {
        assertThat(Quantity.parse("500m").toString()).isEqualTo("500m");
        assertThat(Quantity.parse("1000m").toString()).isEqualTo("1");
        assertThat(Quantity.parse("1024Mi").toString()).isEqualTo("1Gi");
        assertThat(Quantity.parse("1.5Gi").toString()).isEqualTo("1536Mi");
        assertThat(Quantity.parse("2").toString()).isEqualTo("2");
        assertThat(Quantity.parse("1e3").toString()).isEqualTo("1e3");
        assertThat(Quantity.parse("0.1").toString()).isEqualTo("100m");
    }

    @Test
    void arithmeticIsExactAndKeepsTheLeftFormatUnlessItIsZero() {
        Quantity sum = Quantity.parse("100m").add(Quantity.parse("200m"));
        assertThat(sum.toString()).isEqualTo("300m");
        assertThat(Quantity.ZERO.add(Quantity.parse("1Gi")).toString()).isEqualTo("1Gi");
        assertThat(Quantity.parse("1Gi").add(Quantity.parse("1Gi")).toString()).isEqualTo("2Gi");
        assertThat(Quantity.parse("1Gi").subtract(Quantity.parse("512Mi")).toString()).isEqualTo("512Mi");
        assertThat(Quantity.parse("1").subtract(Quantity.parse("2")).signum()).isNegative();
    }

    @Test
    void comparesByValueWhateverTheFormat() {
        assertThat(Quantity.parse("1")).isEqualTo(Quantity.parse("1000m"));
        assertThat(Quantity.parse("1Ki")).isEqualTo(Quantity.parse("1024"));
        assertThat(Quantity.parse("1G").compareTo(Quantity.parse("1Gi"))).isNegative();
    }

    @Test
    void roundsUpToWholeUnits() {
        assertThat(Quantity.parse("1500m").roundUp().toString()).isEqualTo("2");
        assertThat(Quantity.parse("1Gi").roundUp().toString()).isEqualTo("1Gi");
    }

    @Test
    void rejectsWhatIsNotAQuantity() {
        assertThatThrownBy(() -> Quantity.parse("lots")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Quantity.parseOrNull("")).isNull();
    }
}
