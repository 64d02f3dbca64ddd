package io.k3j.api.crd;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes version priority (v2 &gt; v1 &gt; v1beta2 &gt; v1beta1 &gt; v1alpha1 &gt; other strings, those
 * alphabetically), the order in which CRD versions are preferred and listed.
 */
public final class KubeVersions {

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /** Highest priority first. */
    public static final Comparator<String> PRIORITY = KubeVersions::compare;

    private KubeVersions() {
    }

    /** Negative when {@code a} has the higher priority. */
    public static int compare(String a, String b) {
        Matcher ma = KUBE_VERSION.matcher(a);
        Matcher mb = KUBE_VERSION.matcher(b);
        boolean ka = ma.matches();
        boolean kb = mb.matches();
        if (!ka || !kb) {
            return ka == kb ? a.compareTo(b) : (ka ? -1 : 1);
        }
        int sa = stability(ma.group(2));
        int sb = stability(mb.group(2));
        if (sa != sb) {
            return Integer.compare(sb, sa);
        }
        int major = Long.compare(Long.parseLong(mb.group(1)), Long.parseLong(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Long.compare(Long.parseLong(mb.group(3)), Long.parseLong(ma.group(3)));
    }

    private static int stability(String tag) {
        return tag == null ? 2 : tag.equals("beta") ? 1 : 0;
    }
}
