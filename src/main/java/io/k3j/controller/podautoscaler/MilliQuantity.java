package io.k3j.controller.podautoscaler;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.quota.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Quantities as the autoscaler does its arithmetic: in thousandths, rounded up as resource.Quantity's MilliValue,
 * and written back in the canonical decimal-SI form of resource.NewMilliQuantity ("250m", "1", "2k").
 */
final class MilliQuantity {

    private static final String[] SUFFIXES = {"m", "", "k", "M", "G", "T", "P", "E"};

    private MilliQuantity() {
    }

    /** The quantity in {@code node} (a string like "500m" or a number) in thousandths; 0 when absent. */
    static long of(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return 0;
        }
        return of(node.asText());
    }

    static long of(String text) {
        BigDecimal value = Quantity.parse(text).value();
        return value.movePointRight(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** Canonical text of {@code milli} thousandths: the largest SI suffix that keeps the mantissa whole. */
    static String format(long milli) {
        if (milli == 0) {
            return "0";
        }
        long mantissa = milli;
        int suffix = 0;
        while (mantissa % 1000 == 0 && suffix < SUFFIXES.length - 1) {
            mantissa /= 1000;
            suffix++;
        }
        return mantissa + SUFFIXES[suffix];
    }
}
