package io.k3j.auth;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who made a request, as Kubernetes' user.Info: a name, an optional uid, groups, and extra
 * attributes (a bound ServiceAccount token's pod, for instance).
 */
public record UserInfo(String name, String uid, List<String> groups, Map<String, List<String>> extra) {

    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String MASTERS = "system:masters";

    public UserInfo {
        uid = uid == null ? "" : uid;
        groups = List.copyOf(groups);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        extra.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        extra = java.util.Collections.unmodifiableMap(copy);
    }

    /** A user with no uid and no extra attributes (a client certificate's CN and O). */
    public UserInfo(String name, List<String> groups) {
        this(name, "", groups, Map.of());
    }

    public static UserInfo anonymous() {
        return new UserInfo(ANONYMOUS, List.of(UNAUTHENTICATED));
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    /**
     * This user with system:authenticated added, as upstream's AuthenticatedGroupAdder does for every
     * authenticated user who does not already carry it (the anonymous user never gets it).
     */
    public UserInfo withAuthenticatedGroup() {
        if (name.equals(ANONYMOUS) || inGroup(AUTHENTICATED) || inGroup(UNAUTHENTICATED)) {
            return this;
        }
        List<String> g = new java.util.ArrayList<>(groups);
        g.add(AUTHENTICATED);
        return new UserInfo(name, uid, g, extra);
    }
}
