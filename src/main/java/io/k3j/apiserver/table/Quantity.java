package io.k3j.apiserver.table;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The canonical text of a resource quantity, as apimachinery's {@code Quantity.String()} prints it after decoding:
 * kube-apiserver never prints what the client wrote ({@code 1000m}, {@code 1024Mi}) but {@code 1}, {@code 1Gi}.
 * The suffix family (decimal SI, binary SI, decimal exponent) is kept; decimal values move to the largest
 * exponent that is a multiple of three, binary ones to the largest power of 1024 that divides them exactly.
 */
public final class Quantity {

    private enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    private static final Pattern SYNTAX =
            Pattern.compile("([+-]?)(\\d*)(?:\\.(\\d*))?(|[numkMGTPE]|[KMGTPE]i|[eE][+-]?\\d+)");
    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final BigInteger KI = BigInteger.valueOf(1024);
    /** Anything finer than a nano-unit is rounded up: asking for some resource must not become zero. */
    private static final int NANO_SCALE = 9;
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);

    private Quantity() {
    }

    /** The canonical form, or the input unchanged when it is not a quantity. */
    public static String canonical(String text) {
        return parse(text).orElse(text);
    }

    private static Optional<String> parse(String text) {
        Matcher m = SYNTAX.matcher(text.strip());
        String whole = m.matches() ? m.group(2) : "";
        String fraction = m.matches() && m.group(3) != null ? m.group(3) : "";
        if (!m.matches() || (whole.isEmpty() && fraction.isEmpty())) {
            return Optional.empty();
        }
        BigDecimal value = new BigDecimal((whole.isEmpty() ? "0" : whole) + "." + (fraction.isEmpty() ? "0" : fraction));
        if (m.group(1).equals("-")) {
            value = value.negate();
        }
        String suffix = m.group(4);
        Format format;
        if (suffix.endsWith("i")) {
            format = Format.BINARY_SI;
            int power = "KMGTPE".indexOf(suffix.charAt(0)) + 1;
            value = value.multiply(new BigDecimal(KI.pow(power)));
        } else if (suffix.startsWith("e") || suffix.startsWith("E")) {
            format = Format.DECIMAL_EXPONENT;
            value = value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
        } else {
            format = Format.DECIMAL_SI;
            value = value.scaleByPowerOfTen(DECIMAL_SUFFIXES.get(suffix));
        }
        if (value.signum() == 0) {
            return Optional.of("0");
        }
        if (value.scale() > NANO_SCALE) {
            value = value.setScale(NANO_SCALE, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && value.compareTo(MAX_BINARY) > 0) {
            value = MAX_BINARY; // upstream caps binary quantities at the int64 range
        }
        // Small or fractional binary values read better (and exactly) in decimal.
        if (format == Format.BINARY_SI
                && (value.abs().compareTo(BigDecimal.valueOf(1024)) < 0 || value.stripTrailingZeros().scale() > 0)) {
            format = Format.DECIMAL_SI;
        }
        return Optional.of(format == Format.BINARY_SI ? binary(value.toBigIntegerExact()) : decimal(value, format));
    }

    private static String binary(BigInteger value) {
        int power = 0;
        while (power < BINARY_SUFFIXES.length - 1 && value.mod(KI).signum() == 0) {
            value = value.divide(KI);
            power++;
        }
        return value + BINARY_SUFFIXES[power];
    }

    private static String decimal(BigDecimal value, Format format) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger digits = stripped.unscaledValue();
        int exponent = -stripped.scale();
        // Go's % keeps the dividend's sign: remainders 1/-2 take one more digit, 2/-1 take two.
        switch (exponent % 3) {
            case 1, -2 -> {
                digits = digits.multiply(BigInteger.TEN);
                exponent -= 1;
            }
            case 2, -1 -> {
                digits = digits.multiply(BigInteger.valueOf(100));
                exponent -= 2;
            }
            default -> { }
        }
        if (exponent == 0) {
            return digits.toString();
        }
        if (format == Format.DECIMAL_SI) {
            for (Map.Entry<String, Integer> e : DECIMAL_SUFFIXES.entrySet()) {
                if (e.getValue() == exponent) {
                    return digits + e.getKey();
                }
            }
        }
        return digits + "e" + exponent;
    }
}
