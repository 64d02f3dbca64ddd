package io.k3j.apiserver.discovery;

import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Groups a resource snapshot the way discovery presents it: groups in kube-apiserver's priority order (unknown
 * groups such as CRD groups after, alphabetically), versions within a group by Kubernetes version priority
 * (GA > beta > alpha, higher numbers first) so the first version is the preferred one, resources by name.
 */
public final class GroupVersions {

    private static final Pattern KUBE_VERSION = Pattern.compile("v(\\d+)(?:(alpha|beta)(\\d+))?");

    /** group → version → resources, each level in discovery order. */
    private final Map<String, Map<String, List<ResourceDescriptor>>> groups;

    private GroupVersions(Map<String, Map<String, List<ResourceDescriptor>>> groups) {
        this.groups = groups;
    }

    public static GroupVersions of(Collection<ResourceDescriptor> resources) {
        Map<String, Map<String, List<ResourceDescriptor>>> raw = new TreeMap<>();
        for (ResourceDescriptor r : resources) {
            raw.computeIfAbsent(r.group(), g -> new TreeMap<>())
                    .computeIfAbsent(r.version(), v -> new ArrayList<>()).add(r);
        }
        List<String> groupNames = new ArrayList<>(raw.keySet());
        groupNames.sort(GroupVersions::compareGroups);
        Map<String, Map<String, List<ResourceDescriptor>>> ordered = new LinkedHashMap<>();
        for (String g : groupNames) {
            List<String> versions = new ArrayList<>(raw.get(g).keySet());
            versions.sort(GroupVersions::compareVersions);
            Map<String, List<ResourceDescriptor>> byVersion = new LinkedHashMap<>();
            for (String v : versions) {
                List<ResourceDescriptor> rs = new ArrayList<>(raw.get(g).get(v));
                rs.sort(Comparator.comparing(ResourceDescriptor::resource));
                byVersion.put(v, List.copyOf(rs));
            }
            ordered.put(g, byVersion);
        }
        return new GroupVersions(ordered);
    }

    /** Groups in discovery order; the core group "" comes first when present. */
    public List<String> groups() {
        return List.copyOf(groups.keySet());
    }

    /** Versions of a group, preferred first. */
    public List<String> versions(String group) {
        return List.copyOf(groups.getOrDefault(group, Map.of()).keySet());
    }

    public String preferredVersion(String group) {
        return versions(group).getFirst();
    }

    public List<ResourceDescriptor> resources(String group, String version) {
        return groups.getOrDefault(group, Map.of()).getOrDefault(version, List.of());
    }

    static int compareGroups(String a, String b) {
        int ia = BuiltinResources.GROUP_ORDER.indexOf(a);
        int ib = BuiltinResources.GROUP_ORDER.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** Kubernetes version priority: v2 before v1 before v1beta2 before v1beta1 before v1alpha1 before "foo". */
    static int compareVersions(String a, String b) {
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
        int major = Integer.compare(Integer.parseInt(mb.group(1)), Integer.parseInt(ma.group(1)));
        if (major != 0 || ma.group(3) == null) {
            return major;
        }
        return Integer.compare(Integer.parseInt(mb.group(3)), Integer.parseInt(ma.group(3)));
    }

    private static int stability(String tag) {
        return tag == null ? 2 : tag.equals("beta") ? 1 : 0;
    }
}
