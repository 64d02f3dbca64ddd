package io.k3j.api.quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * The text kube-apiserver stores and serves for a resource quantity (apimachinery's {@code resource.Quantity}
 * parsed, then printed): {@code 0.5} → {@code 500m}, {@code 1024Mi} → {@code 1Gi}, {@code 1000m} → {@code 1}.
 *
 * <p>Upstream's rules, reproduced here:
 * <ul>
 *   <li>The suffix family is kept: decimal SI ({@code n u m "" k M G T P E}), binary SI ({@code Ki … Ei}) or a
 *       decimal exponent ({@code e3}, {@code E-2}). A binary value below 1024 in magnitude, or with a fraction, prints
 *       in decimal SI.</li>
 *   <li>Precision is a nano-unit: anything finer rounds up, away from zero ({@code 0.1n} → {@code 1n}), so asking for
 *       some of a resource never becomes zero. Binary values are capped at 2^63-1.</li>
 *   <li>Decimal forms print without a fraction, with the exponent the largest multiple of three that keeps them
 *       whole ({@code 1500m}, {@code 10k}); binary forms with the largest power of 1024 that divides them
 *       ({@code 1536Mi}, {@code 2000Mi}).</li>
 *   <li>Text that parses to a short value already in that shape is kept as written, character for character: a
 *       decimal with at most 18 digits whose exponent (after the fraction) is a multiple of three, not ending in
 *       {@code 000} and not starting with 0 ({@code 100m}, {@code 1E3}, {@code 100.035k}, {@code +5}), or a binary
 *       value whose mantissa is not a multiple of 8 ({@code 3Mi}).</li>
 * </ul>
 * Errors carry upstream's texts: {@code quantities must match the regular expression …}, {@code unable to parse
 * quantity's suffix}, {@code unable to parse numeric part of quantity}.
 */
public final class CanonicalQuantity {

    enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    /** A parsed quantity: its exact value, its family, and whether its text is already canonical. */
    record Parsed(BigDecimal value, Format format, boolean keepText) {
    }

    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY_SUFFIXES = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final String[] BINARY_NAMES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String SUFFIX_CHARS = "eEinumkKMGTP";
    private static final int NANO = -9;
    /** Digits an int64 mantissa always holds (upstream's fast path, which is also where text is kept). */
    private static final int INT64_DIGITS = 18;
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigInteger KI = BigInteger.valueOf(1024);

    private CanonicalQuantity() {
    }

    /**
     * The canonical text of a quantity.
     *
     * @throws InvalidQuantityException when {@code text} is not a quantity (upstream's error text)
     */
    public static String of(String text) {
        Parsed p = parse(text);
        return p.keepText() ? text : format(p.value(), p.format());
    }

    /**
     * The canonical text of the value {@code text} denotes, never the text itself: what upstream prints for a
     * quantity computed from others (a sum, a difference), which carries no written form.
     *
     * @throws InvalidQuantityException when {@code text} is not a quantity
     */
    public static String ofValue(String text) {
        Parsed p = parse(text);
        return format(p.value(), p.format());
    }

    /** Whether {@code text} parses as a quantity. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidQuantityException e) {
            return false;
        }
    }

    /** The split text of a quantity: sign, whole digits (leading zeros dropped), fraction digits, suffix. */
    private record Parts(boolean positive, String value, String num, String denom, String suffix) {
    }

    static Parsed parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidQuantityException(InvalidQuantityException.FORMAT);
        }
        Parts p = split(text);
        Format format;
        int exponent;
        if (DECIMAL_SUFFIXES.containsKey(p.suffix())) {
            format = Format.DECIMAL_SI;
            exponent = DECIMAL_SUFFIXES.get(p.suffix());
        } else if (BINARY_SUFFIXES.containsKey(p.suffix())) {
            format = Format.BINARY_SI;
            exponent = BINARY_SUFFIXES.get(p.suffix());
        } else {
            format = Format.DECIMAL_EXPONENT;
            exponent = decimalExponent(p.suffix());
        }
        Parsed fast = fastPath(text, p, format, exponent);
        return fast != null ? fast : exact(p, format, exponent);
    }

    /**
     * Short values (an int64 mantissa at nano precision or coarser), where upstream decides whether the text is
     * canonical as written; null when the value needs exact arithmetic.
     */
    private static Parsed fastPath(String text, Parts p, Format format, int exponent) {
        int digits = p.num().length() + p.denom().length();
        long scale;
        if (format == Format.BINARY_SI) {
            if (!p.denom().isEmpty() || 15 - p.num().length() - (int) (exponent * 3f / 10) - 1 < 0) {
                return null;
            }
            scale = 0;
        } else {
            if (INT64_DIGITS - digits < 0) {
                return null;
            }
            scale = (long) exponent - p.denom().length();
        }
        if (scale < NANO) {
            return null;
        }
        String shifted = p.num() + p.denom();
        long mantissa = Long.parseLong(shifted);
        BigDecimal value;
        boolean keep;
        if (format == Format.BINARY_SI) {
            BigInteger v = BigInteger.valueOf(mantissa).shiftLeft(exponent);
            if (v.bitLength() > 63) {
                return null;
            }
            value = new BigDecimal(v);
            keep = (mantissa & 0x07) != 0;
        } else {
            value = BigDecimal.valueOf(mantissa, (int) -scale);
            keep = scale % 3 == 0 && !shifted.endsWith("000") && shifted.charAt(0) != '0';
        }
        return new Parsed(p.positive() ? value : value.negate(), format, keep);
    }

    /** Arbitrary values: exact decimal arithmetic, nano rounding away from zero, the binary cap. */
    private static Parsed exact(Parts p, Format format, int exponent) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(p.value());
        } catch (NumberFormatException e) {
            throw new InvalidQuantityException(InvalidQuantityException.NUMERIC);
        }
        amount = format == Format.BINARY_SI
                ? amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)))
                : amount.scaleByPowerOfTen(exponent);
        int sign = amount.signum();
        amount = amount.abs();
        if (sign != 0 && amount.scale() > -NANO) {
            amount = amount.setScale(-NANO, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && amount.compareTo(MAX_BINARY) > 0) {
            amount = MAX_BINARY;
        }
        if (format == Format.BINARY_SI && amount.signum() > 0 && amount.compareTo(BigDecimal.ONE) < 0) {
            format = Format.DECIMAL_SI;
        }
        return new Parsed(sign < 0 ? amount.negate() : amount, format, false);
    }

    /** The exponent of an {@code e<n>}/{@code E<n>} suffix, within int32 as upstream bounds it. */
    private static int decimalExponent(String suffix) {
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            try {
                long e = Long.parseLong(suffix.substring(1));
                if (e >= -Integer.MAX_VALUE && e <= Integer.MAX_VALUE) {
                    return (int) e;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the suffix error
            }
        }
        throw new InvalidQuantityException(InvalidQuantityException.SUFFIX);
    }

    /** Upstream's scanner: sign, zeros, whole digits, '.', fraction digits, suffix letters, sign, digits. */
    private static Parts split(String s) {
        int end = s.length();
        int pos = 0;
        boolean positive = true;
        if (s.charAt(0) == '-') {
            positive = false;
            pos++;
        } else if (s.charAt(0) == '+') {
            pos++;
        }
        while (pos < end && s.charAt(pos) == '0') {
            pos++;
        }
        if (pos >= end) {
            return new Parts(positive, "0", "0", "", "");
        }
        int start = pos;
        while (pos < end && isDigit(s.charAt(pos))) {
            pos++;
        }
        String num = s.substring(start, pos);
        if (num.isEmpty()) {
            num = "0";
        }
        String denom = "";
        if (pos < end && s.charAt(pos) == '.') {
            int from = ++pos;
            while (pos < end && isDigit(s.charAt(pos))) {
                pos++;
            }
            denom = s.substring(from, pos);
        }
        String value = s.substring(0, pos);
        int suffixStart = pos;
        while (pos < end && SUFFIX_CHARS.indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (s.charAt(pos) == '-' || s.charAt(pos) == '+')) {
            pos++;
        }
        while (pos < end && isDigit(s.charAt(pos))) {
            pos++;
        }
        if (pos < end) {
            throw new InvalidQuantityException(InvalidQuantityException.FORMAT);
        }
        return new Parts(positive, value, num, denom, s.substring(suffixStart));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Upstream's canonical printing of a value in a family. */
    static String format(BigDecimal value, Format format) {
        if (value.signum() == 0) {
            return "0";
        }
        String sign = value.signum() < 0 ? "-" : "";
        BigDecimal abs = value.abs();
        if (format == Format.BINARY_SI
                && (abs.compareTo(BigDecimal.valueOf(1024)) < 0 || abs.stripTrailingZeros().scale() > 0)) {
            format = Format.DECIMAL_SI; // small or fractional binary values print exactly in decimal
        }
        if (format == Format.BINARY_SI) {
            BigInteger n = abs.toBigIntegerExact();
            int power = 0;
            while (n.compareTo(KI) >= 0 && n.mod(KI).signum() == 0) {
                n = n.divide(KI);
                power++;
            }
            if (power < BINARY_NAMES.length) {
                return sign + n + BINARY_NAMES[power];
            }
            format = Format.DECIMAL_SI; // beyond Ei: no binary suffix left, print the exact value in decimal
        }
        BigDecimal stripped = abs.stripTrailingZeros();
        BigInteger digits = stripped.unscaledValue();
        long exponent = -(long) stripped.scale();
        // Go's % keeps the dividend's sign, as Java's does: remainders 1/-2 take one more digit, 2/-1 take two.
        switch ((int) (exponent % 3)) {
            case 1, -2 -> {
                digits = digits.multiply(BigInteger.TEN);
                exponent -= 1;
            }
            case 2, -1 -> {
                digits = digits.multiply(BigInteger.valueOf(100));
                exponent -= 2;
            }
            default -> {
            }
        }
        return sign + digits + suffix(exponent, format);
    }

    private static String suffix(long exponent, Format format) {
        if (exponent == 0) {
            return "";
        }
        if (format == Format.DECIMAL_SI) {
            for (Map.Entry<String, Integer> e : DECIMAL_SUFFIXES.entrySet()) {
                if (e.getValue() == exponent) {
                    return e.getKey();
                }
            }
        }
        return "e" + exponent; // a decimal exponent, or decimal SI beyond its suffixes (as upstream falls back)
    }
}
