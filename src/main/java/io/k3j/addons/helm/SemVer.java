package io.k3j.addons.helm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A chart version as Helm orders them (semantic versioning 2; a leading "v" tolerated, as Helm does). */
record SemVer(long major, long minor, long patch, String preRelease) implements Comparable<SemVer> {

    private static final Pattern P = Pattern.compile(
            "v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

    /** Null when {@code s} is not a version. */
    static SemVer parse(String s) {
        Matcher m = P.matcher(s == null ? "" : s.strip());
        if (!m.matches()) {
            return null;
        }
        try {
            return new SemVer(Long.parseLong(m.group(1)), m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
                    m.group(3) == null ? 0 : Long.parseLong(m.group(3)), m.group(4) == null ? "" : m.group(4));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean stable() {
        return preRelease.isEmpty();
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Long.compare(major, o.major);
        if (c == 0) c = Long.compare(minor, o.minor);
        if (c == 0) c = Long.compare(patch, o.patch);
        if (c != 0) return c;
        if (preRelease.equals(o.preRelease)) return 0;
        if (preRelease.isEmpty()) return 1; // a release sorts after its pre-releases
        if (o.preRelease.isEmpty()) return -1;
        String[] a = preRelease.split("\\."), b = o.preRelease.split("\\.");
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            boolean na = a[i].matches("\\d+"), nb = b[i].matches("\\d+");
            int x = na && nb ? Long.compare(Long.parseLong(a[i]), Long.parseLong(b[i]))
                    : na ? -1 : nb ? 1 : a[i].compareTo(b[i]);
            if (x != 0) return x;
        }
        return Integer.compare(a.length, b.length);
    }
}
