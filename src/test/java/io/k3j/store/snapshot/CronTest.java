package io.k3j.store.snapshot;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CronTest {
    private static ZonedDateTime at(int d, int h, int m) {
        return ZonedDateTime.of(2026, 11, d, h, m, 0, 0, ZoneOffset.UTC);
    }

    @Test
    void defaultScheduleFiresAtMidnightAndNoon() {
        Cron c = Cron.parse("0 */12 * * *");
        assertThat(c.next(at(28, 11, 40))).isEqualTo(at(28, 12, 0));
        assertThat(c.next(at(28, 12, 0))).isEqualTo(at(29, 0, 0));
    }

    @Test
    void listsRangesStepsAndWeekdays() {
        assertThat(Cron.parse("5,35 1-2 * * *").next(at(28, 1, 5))).isEqualTo(at(28, 1, 35));
        assertThat(Cron.parse("*/15 * * * *").next(at(28, 1, 50))).isEqualTo(at(28, 2, 0));
        // 2026-11-28 is a Saturday; next Monday 03:00 is the 30th.
        assertThat(Cron.parse("0 3 * * 1").next(at(28, 4, 0))).isEqualTo(at(30, 3, 0));
        assertThatThrownBy(() -> Cron.parse("0 25 * * *")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cron.parse("0 0 *")).isInstanceOf(IllegalArgumentException.class);
    }
}
