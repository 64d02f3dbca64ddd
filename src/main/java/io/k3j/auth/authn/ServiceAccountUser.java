package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;

import java.util.List;
import java.util.Map;

/** The identity a ServiceAccount token carries, as upstream's serviceaccount.UserInfo builds it. */
public final class ServiceAccountUser {

    public static final String PREFIX = "system:serviceaccount:";
    public static final String ALL_GROUP = "system:serviceaccounts";
    public static final String EXTRA_POD_NAME = "authentication.kubernetes.io/pod-name";
    public static final String EXTRA_POD_UID = "authentication.kubernetes.io/pod-uid";
    public static final String EXTRA_NODE_NAME = "authentication.kubernetes.io/node-name";
    public static final String EXTRA_NODE_UID = "authentication.kubernetes.io/node-uid";
    public static final String EXTRA_CREDENTIAL_ID = "authentication.kubernetes.io/credential-id";

    private ServiceAccountUser() {
    }

    public static String name(String namespace, String serviceAccount) {
        return PREFIX + namespace + ":" + serviceAccount;
    }

    public static UserInfo of(String namespace, String name, String uid, Map<String, List<String>> extra) {
        return new UserInfo(name(namespace, name), uid, List.of(ALL_GROUP, ALL_GROUP + ":" + namespace), extra);
    }
}
