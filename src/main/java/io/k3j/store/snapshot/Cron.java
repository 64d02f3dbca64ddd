package io.k3j.store.snapshot;

import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;

/**
 * A five-field cron expression (minute hour day-of-month month day-of-week) with {@code *}, {@code a-b},
 * {@code a,b}, {@code * /n} and {@code a-b/n} — what {@code --datastore-snapshot-schedule-cron} needs.
 * Day-of-month and day-of-week combine as in cron: if both are restricted, either may match.
 */
public final class Cron {

    private final String expression;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet days;
    private final BitSet months;
    private final BitSet weekdays;
    private final boolean daysStar;
    private final boolean weekdaysStar;

    private Cron(String expression) {
        String[] f = expression.trim().split("\\s+");
        if (f.length != 5) {
            throw new IllegalArgumentException("cron expression needs 5 fields: " + expression);
        }
        this.expression = expression;
        minutes = field(f[0], 0, 59);
        hours = field(f[1], 0, 23);
        days = field(f[2], 1, 31);
        months = field(f[3], 1, 12);
        weekdays = field(f[4], 0, 7);
        if (weekdays.get(7)) {
            weekdays.set(0); // 7 is Sunday too
        }
        daysStar = f[2].equals("*");
        weekdaysStar = f[4].equals("*");
    }

    public static Cron parse(String expression) {
        return new Cron(expression);
    }

    private static BitSet field(String spec, int min, int max) {
        BitSet bits = new BitSet(max + 1);
        for (String part : spec.split(",")) {
            int step = 1;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                step = Integer.parseInt(part.substring(slash + 1));
                part = part.substring(0, slash);
            }
            int lo;
            int hi;
            if (part.equals("*")) {
                lo = min;
                hi = max;
            } else if (part.contains("-")) {
                lo = Integer.parseInt(part.substring(0, part.indexOf('-')));
                hi = Integer.parseInt(part.substring(part.indexOf('-') + 1));
            } else {
                lo = Integer.parseInt(part);
                hi = slash >= 0 ? max : lo;
            }
            if (lo < min || hi > max || lo > hi || step < 1) {
                throw new IllegalArgumentException("cron field '" + spec + "' out of range " + min + "-" + max);
            }
            for (int v = lo; v <= hi; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    /** The first matching minute strictly after {@code after}. */
    public ZonedDateTime next(ZonedDateTime after) {
        ZonedDateTime t = after.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        for (int i = 0; i < 366 * 24 * 60; i++) {
            if (matches(t)) {
                return t;
            }
            t = t.plusMinutes(1);
        }
        throw new IllegalArgumentException("cron expression never fires: " + expression);
    }

    private boolean matches(ZonedDateTime t) {
        if (!minutes.get(t.getMinute()) || !hours.get(t.getHour()) || !months.get(t.getMonthValue())) {
            return false;
        }
        boolean dom = days.get(t.getDayOfMonth());
        boolean dow = weekdays.get(t.getDayOfWeek().getValue() % 7);
        if (daysStar || weekdaysStar) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return expression;
    }
}
