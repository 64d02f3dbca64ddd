package io.k3j.apiserver.authz;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.RequestInfo;
import io.k3j.apiserver.RequestUser;
import io.k3j.apiserver.rest.ApiError;
import io.k3j.apiserver.rest.EscalationCheck;
import io.k3j.auth.rbac.Escalation;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * The write path's escalation check over RBAC's {@link Escalation}: a role may be written only by someone who holds
 * its rules (or may {@code escalate}), a binding only by someone who holds the referenced role's rules (or may
 * {@code bind} it). A refusal is 403 Forbidden with upstream's text and details {name, group, kind}.
 */
final class RbacEscalationCheck implements EscalationCheck {

    private final Escalation escalation;

    RbacEscalationCheck(Escalation escalation) {
        this.escalation = escalation;
    }

    @Override
    public void check(RoutingContext ctx, RequestInfo info, ObjectNode obj, ObjectNode old) {
        String ns = obj.path("metadata").path("namespace").asText(info.namespace());
        Optional<Escalation.Denial> denial = switch (info.resource()) {
            case "roles" -> escalation.checkRole(RequestUser.of(ctx), ns, info.name(), obj, old);
            case "clusterroles" -> escalation.checkRole(RequestUser.of(ctx), "", info.name(), obj, old);
            case "rolebindings" -> escalation.checkBinding(RequestUser.of(ctx), ns, obj, old);
            case "clusterrolebindings" -> escalation.checkBinding(RequestUser.of(ctx), "", obj, old);
            default -> Optional.empty();
        };
        if (denial.isPresent()) {
            Escalation.Denial d = denial.get();
            JsonObject details = new JsonObject();
            if (!d.name().isEmpty()) {
                details.put("name", d.name());
            }
            details.put("group", Escalation.RBAC_GROUP).put("kind", d.resource());
            throw new ApiError(403, "Forbidden", d.message(), details);
        }
    }
}
