package io.k3j.auth.authz;

import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Upstream's impersonation filter as a pure function: the {@code Impersonate-User}, {@code Impersonate-Group},
 * {@code Impersonate-Uid} and {@code Impersonate-Extra-<key>} headers name who the request should act as; each
 * part must be allowed by the {@code impersonate} verb on {@code users} / {@code serviceaccounts} /
 * {@code groups} (core group) or {@code userextras/<key>} / {@code uids} (authentication.k8s.io), in that order,
 * and the first refusal ends it. The user so built replaces the authenticated one for everything after.
 */
public final class Impersonation {

    public static final String USER_HEADER = "Impersonate-User";
    public static final String GROUP_HEADER = "Impersonate-Group";
    public static final String UID_HEADER = "Impersonate-Uid";
    public static final String EXTRA_PREFIX = "Impersonate-Extra-";
    private static final String AUTHN_GROUP = "authentication.k8s.io";
    private static final String SA_PREFIX = "system:serviceaccount:";

    private Impersonation() {
    }

    /** What the headers asked for. */
    public sealed interface Outcome {
    }

    /** No impersonation headers: the request goes on as its authenticated user. */
    public record None() implements Outcome {
    }

    /** The request now acts as {@code user}. */
    public record Impersonated(UserInfo user) implements Outcome {
    }

    /** A part was refused: answer 403 with {@code ForbiddenMessage} over these attributes and reason. */
    public record Denied(Attributes attributes, String reason) implements Outcome {
    }

    /** Groups, extra or uid without a user: upstream answers 500 InternalError with this message. */
    public record Malformed(String message) implements Outcome {
    }

    /** One thing to impersonate, printed as Go prints upstream's ObjectReference ({@code %v}). */
    private record Part(String kind, String namespace, String name, String apiVersion, String fieldPath) {
        @Override
        public String toString() {
            return "{" + kind + " " + namespace + " " + name + "  " + apiVersion + "  " + fieldPath + "}";
        }
    }

    /**
     * @param headers the request headers as (name, value) pairs, in order (names in any case)
     */
    public static Outcome resolve(UserInfo requester, List<Map.Entry<String, String>> headers, AttributesAuthorizer authz) {
        List<Part> parts = parts(headers);
        if (parts.isEmpty()) {
            return new None();
        }
        boolean hasUser = parts.getFirst().kind().equals("User") || parts.getFirst().kind().equals("ServiceAccount");
        if (!hasUser) {
            return new Malformed("requested [" + String.join(" ", parts.stream().map(Part::toString).toList())
                    + "] without impersonating a user");
        }
        boolean groupsSpecified = parts.stream().anyMatch(p -> p.kind().equals("Group"));
        String name = "";
        String uid = "";
        List<String> groups = new ArrayList<>();
        Map<String, List<String>> extra = new LinkedHashMap<>();
        for (Part p : parts) {
            Attributes a;
            switch (p.kind()) {
                case "ServiceAccount" -> {
                    a = Attributes.resource("impersonate", "", "serviceaccounts", "", p.namespace(), p.name());
                    name = SA_PREFIX + p.namespace() + ":" + p.name();
                    if (!groupsSpecified) {
                        groups.add("system:serviceaccounts");
                        groups.add("system:serviceaccounts:" + p.namespace());
                    }
                }
                case "User" -> {
                    a = Attributes.resource("impersonate", "", "users", "", "", p.name());
                    name = p.name();
                }
                case "Group" -> {
                    a = Attributes.resource("impersonate", "", "groups", "", "", p.name());
                    groups.add(p.name());
                }
                case "UserExtra" -> {
                    a = Attributes.resource("impersonate", AUTHN_GROUP, "userextras", p.fieldPath(), "", p.name());
                    extra.computeIfAbsent(p.fieldPath(), k -> new ArrayList<>()).add(p.name());
                }
                default -> {
                    a = Attributes.resource("impersonate", AUTHN_GROUP, "uids", "", "", p.name());
                    uid = p.name();
                }
            }
            Decision d = authz.authorize(requester, a);
            if (!d.allowed()) {
                return new Denied(a, d.reason());
            }
        }
        addImplicitGroup(name, groups);
        return new Impersonated(new UserInfo(name, uid, groups, extra));
    }

    /** system:authenticated for anyone but the anonymous user (unless a group says otherwise), as upstream. */
    private static void addImplicitGroup(String name, List<String> groups) {
        if (!name.equals(UserInfo.ANONYMOUS)) {
            if (!groups.contains(UserInfo.AUTHENTICATED) && !groups.contains(UserInfo.UNAUTHENTICATED)) {
                groups.add(UserInfo.AUTHENTICATED);
            }
        } else if (!groups.contains(UserInfo.UNAUTHENTICATED)) {
            groups.add(UserInfo.UNAUTHENTICATED);
        }
    }

    /** The requested parts in upstream's order: the user (or ServiceAccount), groups, extra, uid. */
    private static List<Part> parts(List<Map.Entry<String, String>> headers) {
        String user = null;
        String uid = null;
        List<Part> groups = new ArrayList<>();
        List<Part> extras = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
            String header = h.getKey();
            if (header.equalsIgnoreCase(USER_HEADER)) {
                user = user == null ? h.getValue() : user;
            } else if (header.equalsIgnoreCase(GROUP_HEADER)) {
                groups.add(new Part("Group", "", h.getValue(), "", ""));
            } else if (header.equalsIgnoreCase(UID_HEADER)) {
                uid = uid == null ? h.getValue() : uid;
            } else if (header.length() > EXTRA_PREFIX.length()
                    && header.regionMatches(true, 0, EXTRA_PREFIX, 0, EXTRA_PREFIX.length())) {
                String key = unescape(header.substring(EXTRA_PREFIX.length()).toLowerCase(Locale.ROOT));
                extras.add(new Part("UserExtra", "", h.getValue(), AUTHN_GROUP + "/v1", key));
            }
        }
        List<Part> parts = new ArrayList<>();
        if (user != null && !user.isEmpty()) {
            String[] sa = serviceAccount(user);
            parts.add(sa != null ? new Part("ServiceAccount", sa[0], sa[1], "", "") : new Part("User", "", user, "", ""));
        }
        parts.addAll(groups);
        parts.addAll(extras);
        if (uid != null && !uid.isEmpty()) {
            parts.add(new Part("UID", "", uid, AUTHN_GROUP + "/v1", ""));
        }
        return parts;
    }

    /** {@code system:serviceaccount:<ns>:<name>} → [ns, name], else null (upstream's SplitUsername). */
    private static String[] serviceAccount(String user) {
        if (!user.startsWith(SA_PREFIX)) {
            return null;
        }
        String[] p = user.substring(SA_PREFIX.length()).split(":", -1);
        if (p.length != 2 || p[0].isEmpty() || p[1].isEmpty()) {
            return null;
        }
        return p;
    }

    /** Extra keys travel percent-encoded in header names (upstream unescapes with PathUnescape; bad ones stay). */
    private static String unescape(String key) {
        if (key.indexOf('%') < 0) {
            return key;
        }
        try {
            return URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }
}
