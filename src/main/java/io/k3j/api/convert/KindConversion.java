package io.k3j.api.convert;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * How the versions of one built-in kind served at several versions convert into each other, hub and spoke as
 * kube-apiserver's internal types: every version converts to and from the hub, which is also the version objects
 * are stored in. Conversions never modify their input and always return a fresh tree, so a caller may change the
 * result (stamp a resourceVersion) while the input is still shared (the watch cache's objects).
 */
public interface KindConversion {

    String group();

    String resource();

    String kind();

    /** The version objects are stored in (kube-apiserver's storage version for the resource). */
    String hubVersion();

    /** Every served version, hub included. */
    List<String> versions();

    /** A copy of {@code obj} (in any served version, read from its apiVersion) in the hub version. */
    ObjectNode toHub(ObjectNode obj);

    /** A copy of {@code hub} (an object in the hub version) in {@code version}. */
    ObjectNode fromHub(ObjectNode hub, String version);

    /** A copy of {@code obj} in {@code version}, whichever served version it is in. */
    default ObjectNode convert(ObjectNode obj, String version) {
        return fromHub(toHub(obj), version);
    }

    /** The version an object is in: its apiVersion's version part (the hub when it has none). */
    default String versionOf(ObjectNode obj) {
        String apiVersion = obj.path("apiVersion").asText("");
        int slash = apiVersion.indexOf('/');
        String v = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return versions().contains(v) ? v : hubVersion();
    }

    /** {@code group/version}, or {@code version} for the core group. */
    default String apiVersion(String version) {
        return group().isEmpty() ? version : group() + "/" + version;
    }
}
