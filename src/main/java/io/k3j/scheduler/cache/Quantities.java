package io.k3j.scheduler.cache;

import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Resource quantities as the scheduler counts them: cpu in millicores, everything else in whole units, rounded up. */
public final class Quantities {

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private Quantities() {
    }

    /** Upstream's MilliValue(): "100m" is 100, "1.5" is 1500, "0.1m" rounds up to 1. */
    public static long milli(Quantity q) {
        return q == null ? 0 : ceil(q.getNumericalAmount().multiply(THOUSAND));
    }

    /** Upstream's Value(): "1Gi" is 1073741824, "1.5" rounds up to 2, "100m" rounds up to 1. */
    public static long value(Quantity q) {
        return q == null ? 0 : ceil(q.getNumericalAmount());
    }

    /** Amount of {@code resource} in the scheduler's unit for it. */
    public static long of(String resource, Quantity q) {
        return Resources.CPU.equals(resource) ? milli(q) : value(q);
    }

    public static long parse(String resource, String text) {
        return of(resource, new Quantity(text));
    }

    private static long ceil(BigDecimal d) {
        BigDecimal up = d.setScale(0, RoundingMode.CEILING);
        // Beyond int64 upstream saturates too; a node never has that much of anything.
        return up.toBigInteger().bitLength() > 62 ? Long.MAX_VALUE / 4 : up.longValueExact();
    }
}
