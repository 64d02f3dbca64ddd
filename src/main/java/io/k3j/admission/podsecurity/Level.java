package io.k3j.admission.podsecurity;

import java.util.Optional;

/** The Pod Security Standards levels, least to most strict. */
public enum Level {
    PRIVILEGED("privileged"), BASELINE("baseline"), RESTRICTED("restricted");

    /** Upstream's error text for any other value (validLevels in their declared order). */
    static final String MUST_BE = "must be one of privileged, baseline, restricted";

    private final String label;

    Level(String label) {
        this.label = label;
    }

    /** The value as namespace labels and the configuration spell it. */
    public String label() {
        return label;
    }

    /** Exact, case-sensitive match as upstream's ParseLevel. */
    public static Optional<Level> parse(String value) {
        for (Level l : values()) {
            if (l.label.equals(value)) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
