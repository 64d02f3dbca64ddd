package io.k3j.auth.rbac;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bindings of one scope (the cluster, or one namespace) keyed by the users and groups their subjects name,
 * so a decision looks at the few bindings that can apply instead of scanning them all. A ServiceAccount subject
 * is filed under its user name {@code system:serviceaccount:<ns>:<name>}, which is how upstream matches it.
 * Immutable.
 */
final class SubjectIndex {

    static final SubjectIndex EMPTY = new SubjectIndex(Map.of(), Map.of());

    private static final Comparator<Binding> BY_NAME = Comparator.comparing(Binding::name);

    private final Map<String, Binding[]> byUser;
    private final Map<String, Binding[]> byGroup;

    private SubjectIndex(Map<String, Binding[]> byUser, Map<String, Binding[]> byGroup) {
        this.byUser = byUser;
        this.byGroup = byGroup;
    }

    static SubjectIndex of(Collection<Binding> bindings) {
        if (bindings.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<Binding>> users = new HashMap<>();
        Map<String, List<Binding>> groups = new HashMap<>();
        for (Binding b : bindings) {
            for (Subject s : b.subjects()) {
                if (Subject.GROUP.equals(s.kind())) {
                    addOnce(groups, s.name(), b);
                } else {
                    String user = s.userName(b.namespace());
                    if (user != null) {
                        addOnce(users, user, b);
                    }
                }
            }
        }
        return new SubjectIndex(freeze(users), freeze(groups));
    }

    private static void addOnce(Map<String, List<Binding>> map, String key, Binding b) {
        List<Binding> list = map.computeIfAbsent(key, k -> new ArrayList<>(2));
        if (list.isEmpty() || list.get(list.size() - 1) != b) {
            list.add(b);
        }
    }

    private static Map<String, Binding[]> freeze(Map<String, List<Binding>> map) {
        Map<String, Binding[]> out = new HashMap<>(map.size() * 2);
        map.forEach((k, v) -> {
            v.sort(BY_NAME);
            out.put(k, v.toArray(Binding[]::new));
        });
        return Map.copyOf(out);
    }

    /**
     * The bindings that may apply to this requester, each once, ordered by name. Upstream visits bindings in
     * lister order; a fixed order keeps allow reasons stable.
     */
    List<Binding> candidates(Requester who) {
        Binding[] own = byUser.get(who.name());
        List<Binding> out = null;
        int sources = 0;
        if (own != null) {
            out = new ArrayList<>(own.length + 4);
            out.addAll(List.of(own));
            sources++;
        }
        for (String g : who.groupList()) {
            Binding[] bs = byGroup.get(g);
            if (bs != null) {
                if (out == null) {
                    out = new ArrayList<>(bs.length + 4);
                }
                out.addAll(List.of(bs));
                sources++;
            }
        }
        if (out == null) {
            return List.of();
        }
        if (sources > 1) {
            // Names are unique within a scope, so after sorting a binding found under two keys sits twice in a row.
            out.sort(BY_NAME);
            int w = 1;
            for (int r = 1; r < out.size(); r++) {
                if (out.get(r) != out.get(w - 1)) {
                    out.set(w++, out.get(r));
                }
            }
            out.subList(w, out.size()).clear();
        }
        return out;
    }
}
