package io.k3j.auth.node;

import io.k3j.auth.UserInfo;

import java.util.Optional;

/**
 * Which node a request comes from, as upstream's default node identifier: a user named {@code system:node:<name>}
 * who is in group {@code system:nodes}. Anyone else is not a node, whatever their name or groups say.
 */
public final class NodeIdentity {

    public static final String NODES_GROUP = "system:nodes";
    public static final String USER_PREFIX = "system:node:";

    private NodeIdentity() {
    }

    /**
     * @return the node's name (empty when the user name is just the prefix: a node that cannot be identified), or
     * empty Optional for a user that is not a node
     */
    public static Optional<String> of(UserInfo user) {
        if (user == null || !user.name().startsWith(USER_PREFIX) || !user.inGroup(NODES_GROUP)) {
            return Optional.empty();
        }
        return Optional.of(user.name().substring(USER_PREFIX.length()));
    }
}
