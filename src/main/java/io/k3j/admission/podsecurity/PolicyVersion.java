package io.k3j.admission.podsecurity;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy version: {@code latest} or {@code v1.x}. Only the major version 1 exists; {@code latest} is newer than
 * every numbered version, including ones from the future.
 */
public record PolicyVersion(int minor, boolean latest) implements Comparable<PolicyVersion> {

    public static final PolicyVersion LATEST = new PolicyVersion(0, true);

    /** Upstream's error text for a version label that is neither. */
    static final String MUST_BE = "must be \"latest\" or \"v1.x\"";

    private static final Pattern V1 = Pattern.compile("^v1\\.(0|[1-9][0-9]*)$");

    public static PolicyVersion of(int minor) {
        return new PolicyVersion(minor, false);
    }

    public static Optional<PolicyVersion> parse(String s) {
        if ("latest".equals(s)) {
            return Optional.of(LATEST);
        }
        Matcher m = V1.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(of(Integer.parseInt(m.group(1))));
        } catch (NumberFormatException tooBig) {
            return Optional.empty();
        }
    }

    public boolean olderThan(PolicyVersion other) {
        return compareTo(other) < 0;
    }

    @Override
    public int compareTo(PolicyVersion o) {
        if (latest || o.latest) {
            return Boolean.compare(latest, o.latest);
        }
        return Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return latest ? "latest" : "v1." + minor;
    }
}
