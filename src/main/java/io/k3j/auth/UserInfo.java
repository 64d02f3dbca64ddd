package io.k3j.auth;

import java.util.List;

/** Who made a request, as Kubernetes' user.Info: a name and groups. */
public record UserInfo(String name, List<String> groups) {

    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED = "system:unauthenticated";
    public static final String AUTHENTICATED = "system:authenticated";
    public static final String MASTERS = "system:masters";

    public UserInfo {
        groups = List.copyOf(groups);
    }

    public static UserInfo anonymous() {
        return new UserInfo(ANONYMOUS, List.of(UNAUTHENTICATED));
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
