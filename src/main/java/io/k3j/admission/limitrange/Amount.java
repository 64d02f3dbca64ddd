package io.k3j.admission.limitrange;

import io.k3j.apiserver.table.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One resource quantity: the text as written (printed in upstream's canonical form in messages) and its exact
 * value. The whole and milli values round up, as apimachinery's Value() and MilliValue() do.
 */
record Amount(String text, BigDecimal value) {

    static final Amount ZERO = new Amount("0", BigDecimal.ZERO);
    /** apimachinery's MaxMilliValue: beyond it a milli value would overflow int64. */
    static final long MAX_MILLI_VALUE = Long.MAX_VALUE / 1000;

    private static final Pattern SUFFIX = Pattern.compile("^[+-]?[0-9.]*([a-zA-Z]*|[eE][+-]?[0-9]+)$");
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    static Amount of(String text) {
        return new Amount(text, new io.fabric8.kubernetes.api.model.Quantity(text).getNumericalAmount());
    }

    long whole() {
        return saturate(value.setScale(0, RoundingMode.CEILING));
    }

    long milli() {
        return saturate(value.multiply(THOUSAND).setScale(0, RoundingMode.CEILING));
    }

    /** As upstream's Quantity.String(): {@code 1000m} prints as {@code 1}, {@code 1024Mi} as {@code 1Gi}. */
    String canonical() {
        return Quantity.canonical(text);
    }

    /** The sum, written in this amount's suffix as upstream's Quantity.Add keeps the receiver's format. */
    Amount plus(Amount other) {
        BigDecimal sum = value.add(other.value);
        String suffix = suffix(text);
        BigDecimal unit = of("1" + suffix).value;
        String written = sum.divide(unit, 12, RoundingMode.UP).stripTrailingZeros().toPlainString() + suffix;
        return new Amount(written, sum);
    }

    int compareTo(Amount other) {
        return value.compareTo(other.value);
    }

    private static String suffix(String text) {
        Matcher m = SUFFIX.matcher(text.strip());
        return m.matches() ? m.group(1) : "";
    }

    private static long saturate(BigDecimal d) {
        return d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 ? Long.MAX_VALUE : d.longValueExact();
    }
}
