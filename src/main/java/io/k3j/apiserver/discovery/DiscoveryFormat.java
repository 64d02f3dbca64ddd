package io.k3j.apiserver.discovery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which document {@code GET /api} and {@code GET /apis} answer for a given Accept header. client-go asks for
 * aggregated v2, then v2beta1, then plain JSON, and decides by the response Content-Type; we serve v2 or the
 * legacy document, never v2beta1 (kube-apiserver may drop it too, and kubectl 1.33 falls back cleanly).
 */
public enum DiscoveryFormat {
    /** apidiscovery.k8s.io/v2 APIGroupDiscoveryList. */
    AGGREGATED(AggregatedDiscovery.CONTENT_TYPE),
    /** APIVersions / APIGroupList. */
    LEGACY("application/json"),
    /** Nothing acceptable: answer 406. */
    NOT_ACCEPTABLE(null);

    private final String contentType;

    DiscoveryFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The Content-Type to send; null for {@link #NOT_ACCEPTABLE}. */
    public String contentType() {
        return contentType;
    }

    /** Picks the format for an Accept header (null or blank means "anything", i.e. legacy JSON). */
    public static DiscoveryFormat negotiate(String accept) {
        if (accept == null || accept.isBlank()) {
            return LEGACY;
        }
        List<MediaRange> ranges = new ArrayList<>();
        String[] parts = accept.split(",");
        for (int i = 0; i < parts.length; i++) {
            MediaRange range = MediaRange.parse(parts[i], i);
            if (range != null && range.quality() > 0) {
                ranges.add(range);
            }
        }
        // Highest q first; equal q keeps header order, which is how clients express preference.
        ranges.sort(Comparator.comparingDouble(MediaRange::quality).reversed().thenComparingInt(MediaRange::position));
        for (MediaRange r : ranges) {
            DiscoveryFormat f = r.format();
            if (f != null) {
                return f;
            }
        }
        return NOT_ACCEPTABLE;
    }

    private record MediaRange(String type, Map<String, String> params, double quality, int position) {

        static MediaRange parse(String text, int position) {
            String[] bits = text.trim().split(";");
            String type = bits[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            double q = 1.0;
            for (int i = 1; i < bits.length; i++) {
                int eq = bits[i].indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = bits[i].substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = bits[i].substring(eq + 1).trim().replace("\"", "");
                if (key.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                } else {
                    params.put(key, value);
                }
            }
            return new MediaRange(type, params, q, position);
        }

        /** The format this range selects, or null if we cannot serve it. */
        DiscoveryFormat format() {
            boolean json = type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
            if (!json) {
                return null;
            }
            String as = params.get("as");
            if (as == null) {
                // Plain JSON (profile parameters like charset are fine).
                return params.containsKey("g") || params.containsKey("v") ? null : LEGACY;
            }
            boolean v2 = "APIGroupDiscoveryList".equals(as) && "apidiscovery.k8s.io".equals(params.get("g"))
                    && "v2".equals(params.get("v"));
            return v2 ? AGGREGATED : null;
        }
    }
}
