package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Roles, cluster roles and their bindings: every create and update passes RBAC's escalation check. */
final class RbacStrategy implements WriteStrategy {

    static final String GROUP = "rbac.authorization.k8s.io";

    private final EscalationCheck escalation;

    RbacStrategy(EscalationCheck escalation) {
        this.escalation = escalation;
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        escalation.check(r.ctx(), r.info(), obj, null);
    }

    @Override
    public void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        escalation.check(r.ctx(), r.info(), obj, old);
    }
}
