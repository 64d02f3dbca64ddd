package io.k3j.quota;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource quantity with exact arithmetic, as apimachinery's {@code resource.Quantity} behaves in quota
 * accounting: parsed from {@code 500m}, {@code 1Gi}, {@code 1e3}; added and subtracted exactly; compared by value;
 * printed in the canonical form kube-apiserver prints (so {@code used} and error texts read as upstream's).
 *
 * <p>The suffix family (its {@link Format}) travels with the value: a sum keeps the left operand's family unless the
 * left operand is zero, then it takes the right one's, as upstream's {@code Add}/{@code Sub} do.
 */
public final class Quantity implements Comparable<Quantity> {

    /** The suffix family the value prints in. */
    public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);
    public static final Quantity ONE = new Quantity(BigDecimal.ONE, Format.DECIMAL_SI);

    private static final Pattern SYNTAX =
            Pattern.compile("([+-]?)(\\d*)(?:\\.(\\d*))?(|[numkMGTPE]|[KMGTPE]i|[eE][+-]?\\d+)");
    private static final Map<String, Integer> DECIMAL_EXPONENTS = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final BigDecimal KI = BigDecimal.valueOf(1024);
    /** Upstream keeps nano precision; anything finer rounds up so a request never becomes smaller. */
    private static final int NANO_SCALE = 9;

    private final BigDecimal value;
    private final Format format;

    private Quantity(BigDecimal value, Format format) {
        this.value = value;
        this.format = format;
    }

    /** A whole number of units (object counts). */
    public static Quantity of(long n) {
        return new Quantity(BigDecimal.valueOf(n), Format.DECIMAL_SI);
    }

    /**
     * Parses a quantity string.
     *
     * @throws IllegalArgumentException when {@code text} is not a quantity
     */
    public static Quantity parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!m.matches() || (m.group(2).isEmpty() && (m.group(3) == null || m.group(3).isEmpty()))) {
            throw new IllegalArgumentException("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        }
        String whole = m.group(2).isEmpty() ? "0" : m.group(2);
        String fraction = m.group(3) == null || m.group(3).isEmpty() ? "0" : m.group(3);
        BigDecimal v = new BigDecimal(whole + "." + fraction);
        if (m.group(1).equals("-")) {
            v = v.negate();
        }
        String suffix = m.group(4);
        Format f;
        if (suffix.endsWith("i")) {
            f = Format.BINARY_SI;
            v = v.multiply(KI.pow("KMGTPE".indexOf(suffix.charAt(0)) + 1));
        } else if (suffix.startsWith("e") || suffix.startsWith("E")) {
            f = Format.DECIMAL_EXPONENT;
            v = v.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            f = Format.DECIMAL_SI;
            v = v.scaleByPowerOfTen(DECIMAL_EXPONENTS.get(suffix));
        }
        if (v.scale() > NANO_SCALE) {
            v = v.setScale(NANO_SCALE, RoundingMode.UP);
        }
        return new Quantity(v.stripTrailingZeros(), f);
    }

    /** Like {@link #parse} but null for text that is not a quantity (stored objects this server did not validate). */
    public static Quantity parseOrNull(String text) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public BigDecimal value() {
        return value;
    }

    public Format format() {
        return format;
    }

    public Quantity add(Quantity y) {
        return new Quantity(value.add(y.value).stripTrailingZeros(), isZero() ? y.format : format);
    }

    public Quantity subtract(Quantity y) {
        return new Quantity(value.subtract(y.value).stripTrailingZeros(), isZero() ? y.format : format);
    }

    /** Rounded up to a whole number (upstream's {@code RoundUp(0)}: storage is counted in whole bytes). */
    public Quantity roundUp() {
        return value.scale() <= 0 ? this : new Quantity(value.setScale(0, RoundingMode.CEILING), format);
    }

    public int signum() {
        return value.signum();
    }

    public boolean isZero() {
        return value.signum() == 0;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** Equal by value, whatever the format (upstream's {@code Cmp == 0}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && value.compareTo(q.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }

    /** The canonical text, as kube-apiserver prints it: {@code 1500m} → {@code 1500m}, {@code 1024Mi} → {@code 1Gi}. */
    @Override
    public String toString() {
        // The canonical printer of the table package reads the family from the suffix; express the exact value in
        // a form whose suffix names this quantity's family (a power of 1024 always divides to a finite decimal).
        String text = switch (format) {
            case DECIMAL_SI -> value.toPlainString();
            case BINARY_SI -> value.divide(KI).toPlainString() + "Ki";
            case DECIMAL_EXPONENT -> value.toPlainString() + "e0";
        };
        return io.k3j.apiserver.table.Quantity.canonical(text);
    }
}
