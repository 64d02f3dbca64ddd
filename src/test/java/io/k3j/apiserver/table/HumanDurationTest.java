package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest(name = "{0} ms -> {1}")
    @CsvSource({
            // clock skew: up to one second in the future still reads as now
            "-999, 0s", "-1000, 0s", "-1999, 0s", "-2000, <invalid>", "-60000, <invalid>",
            "0, 0s", "999, 0s", "1000, 1s", "59999, 59s",
            // seconds up to two minutes
            "119999, 119s", "120000, 2m", "121000, 2m1s", "150000, 2m30s", "599000, 9m59s",
            // whole minutes from ten minutes to three hours
            "600000, 10m", "659000, 10m", "10740000, 179m",
            // hours and minutes below eight hours
            "10800000, 3h", "10860000, 3h1m", "28740000, 7h59m",
            // whole hours below two days
            "28800000, 8h", "172799000, 47h",
            // days and hours below eight days
            "172800000, 2d", "176400000, 2d1h", "687600000, 7d23h",
            // whole days below two years
            "691200000, 8d", "62985600000, 729d",
            // years and days below eight years
            "63072000000, 2y", "63158400000, 2y1d", "252201600000, 7y364d",
            // whole years
            "252288000000, 8y", "315360000000, 10y"})
    void formatsLikeUpstream(long millis, String expected) {
        assertThat(HumanDuration.format(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @Test
    void sinceMissingTimestampIsUnknown() {
        assertThat(HumanDuration.since(null, Instant.EPOCH)).isEqualTo("<unknown>");
    }

    @Test
    void sinceCountsFromTimestampToNow() {
        Instant created = Instant.parse("2025-06-01T10:00:00Z");
        assertThat(HumanDuration.since(created, Instant.parse("2025-06-01T10:05:30Z"))).isEqualTo("5m30s");
        assertThat(HumanDuration.since(created, Instant.parse("2025-06-03T13:00:00Z"))).isEqualTo("2d3h");
    }
}
