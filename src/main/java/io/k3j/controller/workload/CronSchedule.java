package io.k3j.controller.workload;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * A CronJob schedule as upstream parses it (robfig/cron's standard parser): five fields (minute hour day-of-month
 * month day-of-week) with {@code * , - /}, month and weekday names, {@code ?} as {@code *}, a day-of-month and a
 * day-of-week that are both restricted match either; the descriptors {@code @yearly @annually @monthly @weekly @daily
 * @midnight @hourly}, {@code @every <duration>}; and a leading {@code TZ=} or {@code CRON_TZ=} zone.
 */
final class CronSchedule {

    private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final String[] MONTHS = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean dayStar;
    private final boolean weekdayStar;
    private final Duration every;
    private final ZoneId zone;

    private CronSchedule(BitSet minutes, BitSet hours, BitSet days, BitSet months, BitSet weekdays, boolean dayStar,
                         boolean weekdayStar, Duration every, ZoneId zone) {
        this.minutes = minutes;
        this.hours = hours;
        this.days = days;
        this.months = months;
        this.weekdays = weekdays;
        this.dayStar = dayStar;
        this.weekdayStar = weekdayStar;
        this.every = every;
        this.zone = zone;
    }

    /** Parses {@code spec}; {@code zone} applies unless the spec names its own. */
    static CronSchedule parse(String spec, ZoneId zone) {
        String s = spec.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int sp = s.indexOf(' ');
            if (sp < 0) {
                throw new IllegalArgumentException("missing fields after time zone");
            }
            zone = ZoneId.of(s.substring(s.indexOf('=') + 1, sp));
            s = s.substring(sp + 1).trim();
        }
        if (s.startsWith("@every ")) {
            Duration d = everyDuration(s.substring(7).trim());
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                d = Duration.ofSeconds(1);
            }
            return new CronSchedule(null, null, null, null, null, true, true, d, zone);
        }
        if (s.startsWith("@")) {
            String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + s);
            }
            s = expanded;
        }
        String[] f = s.split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + f.length + ": " + spec);
        }
        return new CronSchedule(field(f[0], 0, 59, null), field(f[1], 0, 23, null), field(f[2], 1, 31, null),
                field(f[3], 1, 12, MONTHS), weekdays(f[4]), f[2].startsWith("*") || f[2].startsWith("?"),
                f[4].startsWith("*") || f[4].startsWith("?"), null, zone);
    }

    private static BitSet weekdays(String f) {
        BitSet b = field(f, 0, 7, DAYS);
        if (b.get(7)) {
            b.set(0); // 7 is Sunday too
        }
        return b;
    }

    private static BitSet field(String f, int min, int max, String[] names) {
        BitSet b = new BitSet(max + 1);
        for (String part : f.split(",")) {
            int step = 1;
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                range = part.substring(0, slash);
                if (step <= 0) {
                    throw new IllegalArgumentException("step of range should be a positive number: " + part);
                }
            }
            int lo;
            int hi;
            if (range.equals("*") || range.equals("?")) {
                lo = min;
                hi = max;
            } else {
                int dash = range.indexOf('-');
                lo = value(dash >= 0 ? range.substring(0, dash) : range, names, min);
                hi = dash >= 0 ? value(range.substring(dash + 1), names, min) : (slash >= 0 ? max : lo);
            }
            if (lo < min || hi > max || lo > hi) {
                throw new IllegalArgumentException("value out of range (" + min + " to " + max + "): " + part);
            }
            for (int i = lo; i <= hi; i += step) {
                b.set(i);
            }
        }
        return b;
    }

    private static int value(String v, String[] names, int min) {
        if (names != null) {
            for (int i = 0; i < names.length; i++) {
                if (names[i].equalsIgnoreCase(v)) {
                    return i + min;
                }
            }
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse int from " + v);
        }
    }

    private static Duration everyDuration(String s) {
        return io.k3j.api.GoDurations.parse(s)
                .orElseThrow(() -> new IllegalArgumentException("time: invalid duration \"" + s + "\""));
    }

    ZoneId zone() {
        return zone;
    }

    /** The first activation strictly after {@code t}. */
    ZonedDateTime next(ZonedDateTime after) {
        if (every != null) {
            return after.truncatedTo(ChronoUnit.SECONDS).plus(every);
        }
        ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        int limit = t.getYear() + 5;
        while (t.getYear() <= limit) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(t.getMinute())) {
                t = t.plusMinutes(1);
                continue;
            }
            return t;
        }
        return null;
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = days.get(t.getDayOfMonth());
        boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (dayStar || weekdayStar) {
            return dom && dow;
        }
        return dom || dow;
    }
}
