package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.ifObject;

/**
 * rbac.authorization.k8s.io/v1: a binding's roleRef and User/Group subjects are in the RBAC group (a ServiceAccount
 * subject's is the core group "", which prints as no apiGroup at all).
 */
final class RbacDefaults {

    static final String GROUP = "rbac.authorization.k8s.io";

    private RbacDefaults() {
    }

    static void apply(String resource, ObjectNode obj) {
        if (!resource.equals("rolebindings") && !resource.equals("clusterrolebindings")) {
            return;
        }
        ifObject(obj, "roleRef", ref -> {
            if (Fields.unsetText(ref, "apiGroup")) {
                ref.put("apiGroup", GROUP);
            }
        });
        eachObject(obj, "subjects", s -> {
            if (Fields.unsetText(s, "apiGroup")) {
                String kind = s.path("kind").asText("");
                if (kind.equals("User") || kind.equals("Group")) {
                    s.put("apiGroup", GROUP);
                }
            }
        });
    }
}
