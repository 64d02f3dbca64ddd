package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.auth.UserInfo;

/** authentication.k8s.io/v1 UserInfo: every field omitted when empty, as upstream's JSON tags say. */
final class UserInfoJson {

    private UserInfoJson() {
    }

    static ObjectNode of(UserInfo user) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (!user.name().isEmpty()) {
            n.put("username", user.name());
        }
        if (!user.uid().isEmpty()) {
            n.put("uid", user.uid());
        }
        if (!user.groups().isEmpty()) {
            var g = n.putArray("groups");
            user.groups().forEach(g::add);
        }
        if (!user.extra().isEmpty()) {
            ObjectNode extra = n.putObject("extra");
            user.extra().forEach((k, values) -> {
                var arr = extra.putArray(k);
                values.forEach(arr::add);
            });
        }
        return n;
    }
}
