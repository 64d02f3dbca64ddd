package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.schema.FieldError;
import io.k3j.apiserver.RequestUser;
import io.k3j.auth.UserInfo;
import io.k3j.pki.csr.CsrObjects;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Upstream's CertificateSigningRequest strategies. Create: the requester's identity goes into spec.username, uid,
 * groups and extra (whatever the client sent there is dropped) and status starts empty. The main resource never
 * changes spec or status; {@code /approval} changes only the conditions; {@code /status} changes the certificate and
 * the non-approval conditions (Approved/Denied instances are kept as stored). Condition timestamps the client left
 * out are filled in. Then {@link CsrValidation} with upstream's texts.
 */
final class CsrStrategy implements WriteStrategy {

    static final String RESOURCE = "certificatesigningrequests";

    private final Clock clock;

    CsrStrategy(Clock clock) {
        this.clock = clock;
    }

    static boolean handles(io.k3j.api.ResourceDescriptor d) {
        return d.group().equals(CsrValidation.GROUP) && d.resource().equals(RESOURCE);
    }

    @Override
    public void beforeCreate(RestRequest r, ObjectNode obj) {
        ObjectNode spec = obj.with("spec");
        spec.remove(List.of("username", "uid", "groups", "extra"));
        UserInfo user = RequestUser.of(r.ctx());
        if (user != null) {
            spec.put("username", user.name());
            if (!user.uid().isEmpty()) {
                spec.put("uid", user.uid());
            }
            ArrayNode groups = spec.putArray("groups");
            user.groups().forEach(groups::add);
            if (!user.extra().isEmpty()) {
                ObjectNode extra = spec.putObject("extra");
                user.extra().forEach((k, v) -> {
                    ArrayNode a = extra.putArray(k);
                    v.forEach(a::add);
                });
            }
        }
        obj.putObject("status");
        check(obj, CsrValidation.create(obj));
    }

    @Override
    public void beforeUpdate(RestRequest r, ObjectNode obj, ObjectNode old) {
        if (old.has("spec")) {
            obj.set("spec", old.get("spec").deepCopy());
        }
        String sub = r.info().subresource();
        CsrValidation.Allow allow;
        switch (sub) {
            case "approval" -> {
                setOrRemove(obj.with("status"), "certificate", old.path("status").get("certificate"));
                populateConditionTimestamps(obj, old);
                allow = new CsrValidation.Allow(true, false);
            }
            case "status" -> {
                preserveInstances(obj, old, CsrObjects.APPROVED);
                preserveInstances(obj, old, CsrObjects.DENIED);
                populateConditionTimestamps(obj, old);
                allow = new CsrValidation.Allow(false, true);
            }
            default -> allow = CsrValidation.Allow.NONE;
        }
        check(obj, CsrValidation.update(obj, old, allow));
    }

    private static void check(ObjectNode obj, List<FieldError> errs) {
        if (!errs.isEmpty()) {
            throw ApiError.invalid(CsrValidation.KIND, CsrValidation.GROUP,
                    obj.path("metadata").path("name").asText(""), errs);
        }
    }

    private static void setOrRemove(ObjectNode target, String field, JsonNode value) {
        if (value == null) {
            target.remove(field);
        } else {
            target.set(field, value.deepCopy());
        }
    }

    /** With as many conditions of the type as stored, the stored instances replace the new ones (same positions). */
    private static void preserveInstances(ObjectNode obj, ObjectNode old, String type) {
        List<JsonNode> stored = new ArrayList<>();
        old.path("status").path("conditions").forEach(c -> {
            if (type.equals(c.path("type").asText())) {
                stored.add(c);
            }
        });
        JsonNode conditions = obj.path("status").path("conditions");
        if (!conditions.isArray()) {
            return;
        }
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < conditions.size(); i++) {
            if (type.equals(conditions.get(i).path("type").asText())) {
                at.add(i);
            }
        }
        if (at.size() != stored.size()) {
            return; // validation reports the added or removed condition
        }
        for (int i = 0; i < at.size(); i++) {
            ((ArrayNode) conditions).set(at.get(i), stored.get(i).deepCopy());
        }
    }

    private void populateConditionTimestamps(ObjectNode obj, ObjectNode old) {
        String now = CsrObjects.time(clock.instant());
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (!(c instanceof ObjectNode cond)) {
                continue;
            }
            if (cond.path("lastUpdateTime").asText("").isEmpty()) {
                cond.put("lastUpdateTime", now);
            }
            if (cond.path("lastTransitionTime").asText("").isEmpty()) {
                String transition = now;
                for (JsonNode o : old.path("status").path("conditions")) {
                    if (o.path("type").asText().equals(cond.path("type").asText())
                            && o.path("status").asText().equals(cond.path("status").asText())
                            && !o.path("lastTransitionTime").asText("").isEmpty()) {
                        transition = o.path("lastTransitionTime").asText();
                        break;
                    }
                }
                cond.put("lastTransitionTime", transition);
            }
        }
    }
}
