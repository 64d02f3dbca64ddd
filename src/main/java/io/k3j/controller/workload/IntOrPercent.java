package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;

/** An intstr value ("25%" or 3) scaled against a total, as upstream's GetScaledValueFromIntOrPercent. */
final class IntOrPercent {

    private IntOrPercent() {
    }

    /** {@code value} against {@code total}, rounding a percentage up or down; {@code dflt} when unset. */
    static int scaled(JsonNode value, int total, boolean roundUp, int dflt) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return dflt;
        }
        if (value.isNumber()) {
            return value.asInt();
        }
        String s = value.asText().trim();
        if (s.endsWith("%")) {
            int pct;
            try {
                pct = Integer.parseInt(s.substring(0, s.length() - 1));
            } catch (NumberFormatException e) {
                return dflt;
            }
            long num = (long) pct * total;
            return (int) (roundUp ? Math.ceilDiv(num, 100) : Math.floorDiv(num, 100));
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return dflt;
        }
    }
}
