package io.k3j.auth.rbac;

import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The user as RBAC matches it: the name, and the groups including those a ServiceAccount implies
 * ({@code system:serviceaccounts}, {@code system:serviceaccounts:<ns>}). Upstream's token authenticator and
 * impersonation filter add those groups; adding them here too means every path that builds a UserInfo for a
 * ServiceAccount gets the same answer.
 */
record Requester(String name, Set<String> groups, List<String> groupList) {

    static final String ALL_SERVICE_ACCOUNTS = "system:serviceaccounts";

    static Requester of(UserInfo user) {
        List<String> groups = new ArrayList<>(user.groups());
        String ns = serviceAccountNamespace(user.name());
        if (ns != null) {
            addIfMissing(groups, ALL_SERVICE_ACCOUNTS);
            addIfMissing(groups, ALL_SERVICE_ACCOUNTS + ":" + ns);
        }
        return new Requester(user.name(), Set.copyOf(groups), List.copyOf(groups));
    }

    /** The namespace of {@code system:serviceaccount:<ns>:<name>}, or null when the name is not of that form. */
    static String serviceAccountNamespace(String userName) {
        if (!userName.startsWith(Subject.SA_USER_PREFIX)) {
            return null;
        }
        String rest = userName.substring(Subject.SA_USER_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
            return null;
        }
        return rest.substring(0, colon);
    }

    private static void addIfMissing(List<String> groups, String g) {
        if (!groups.contains(g)) {
            groups.add(g);
        }
    }
}
