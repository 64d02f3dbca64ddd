package io.k3j.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The status kube-apiserver's naming and establishing controllers give a CRD: names accepted unless another
 * CRD of the group (or a built-in resource) already uses them, {@code NamesAccepted} and {@code Established}
 * conditions with upstream's reasons and messages, and the storage version recorded in
 * {@code storedVersions}.
 */
public final class CrdStatus {

    /** Names already claimed in a group: plurals, singulars and short names; kinds and list kinds. */
    public record UsedNames(Set<String> resources, Set<String> kinds) {

        public UsedNames {
            resources = Set.copyOf(resources);
            kinds = Set.copyOf(kinds);
        }

        /** The names every other CRD of {@code crd}'s group has accepted, plus {@code builtin} ones. */
        public static UsedNames forGroup(Crd crd, Iterable<Crd> all, UsedNames builtin) {
            Set<String> resources = new HashSet<>(builtin.resources());
            Set<String> kinds = new HashSet<>(builtin.kinds());
            for (Crd other : all) {
                if (other.name().equals(crd.name()) || !other.group().equals(crd.group())) {
                    continue;
                }
                CrdNames n = other.acceptedNames();
                addNonEmpty(resources, n.plural());
                addNonEmpty(resources, n.singular());
                n.shortNames().forEach(s -> addNonEmpty(resources, s));
                addNonEmpty(kinds, n.kind());
                addNonEmpty(kinds, n.listKind());
            }
            return new UsedNames(resources, kinds);
        }

        private static void addNonEmpty(Set<String> set, String s) {
            if (!s.isEmpty()) {
                set.add(s);
            }
        }
    }

    private record Condition(String type, String status, String reason, String message) {
    }

    private CrdStatus() {
    }

    /** The status the CRD should have; equal to its current status when nothing needs to change. */
    public static ObjectNode compute(Crd crd, UsedNames used, Instant now) {
        JsonNode old = crd.json().path("status");
        ObjectNode status = old.isObject() ? ((ObjectNode) old).deepCopy() : JsonNodeFactory.instance.objectNode();
        CrdNames requested = crd.names();
        CrdNames accepted = crd.acceptedNames();
        List<String> conflicts = new ArrayList<>();
        String reason = null;

        String plural = accepted.plural();
        String conflict = conflict(requested.plural(), accepted.plural(), used.resources());
        if (conflict != null) {
            reason = "PluralConflict";
            conflicts.add(conflict);
        } else {
            plural = requested.plural();
        }
        String singular = accepted.singular();
        conflict = conflict(requested.singular(), accepted.singular(), used.resources());
        if (conflict != null) {
            reason = "SingularConflict";
            conflicts.add(conflict);
        } else {
            singular = requested.singular();
        }
        List<String> shortNames = accepted.shortNames();
        if (!requested.shortNames().equals(accepted.shortNames())) {
            List<String> errs = new ArrayList<>();
            for (String s : requested.shortNames()) {
                if (!accepted.shortNames().contains(s)) {
                    String c = conflict(s, "", used.resources());
                    if (c != null) {
                        errs.add(c);
                    }
                }
            }
            if (!errs.isEmpty()) {
                reason = "ShortNamesConflict";
                conflicts.add(errs.size() == 1 ? errs.get(0) : "[" + String.join(", ", errs) + "]");
            } else {
                shortNames = requested.shortNames();
            }
        }
        String kind = accepted.kind();
        conflict = conflict(requested.kind(), accepted.kind(), used.kinds());
        if (conflict != null) {
            reason = "KindConflict";
            conflicts.add(conflict);
        } else {
            kind = requested.kind();
        }
        String listKind = accepted.listKind();
        conflict = conflict(requested.listKind(), accepted.listKind(), used.kinds());
        if (conflict != null) {
            reason = "ListKindConflict";
            conflicts.add(conflict);
        } else {
            listKind = requested.listKind();
        }
        status.set("acceptedNames", new CrdNames(plural, singular, kind, listKind, shortNames, requested.categories()).toJson());

        // Upstream reports the last conflict found (each check overwrites the condition).
        Condition names = reason == null ? new Condition("NamesAccepted", "True", "NoConflicts", "no conflicts found")
                : new Condition("NamesAccepted", "False", reason, conflicts.getLast());
        // Established turns True only once the server serves the names (see establish), as upstream's
        // establishing controller waits for the handler: clients that wait for it can use the API at once.
        Condition established = current(old, "Established");
        if (established == null) {
            established = new Condition("Established", "False", "NotAccepted", "not all names are accepted");
        }
        if (!established.status().equals("True") && names.status().equals("True")) {
            established = new Condition("Established", "False", "Installing", "the initial names have been accepted");
        }
        setCondition(status, names, now);
        setCondition(status, established, now);

        crd.storageVersion().ifPresent(v -> {
            ArrayNode stored = status.has("storedVersions") && status.get("storedVersions").isArray()
                    ? (ArrayNode) status.get("storedVersions") : status.putArray("storedVersions");
            boolean present = false;
            for (JsonNode s : stored) {
                present |= s.asText().equals(v.name());
            }
            if (!present) {
                stored.add(v.name());
            }
        });
        return status;
    }

    /** The establishing controller's step: names accepted and served, so Established turns True. */
    public static ObjectNode establish(Crd crd, Instant now) {
        JsonNode old = crd.json().path("status");
        ObjectNode status = old.isObject() ? ((ObjectNode) old).deepCopy() : JsonNodeFactory.instance.objectNode();
        setCondition(status, new Condition("Established", "True", "InitialNamesAccepted",
                "the initial names have been accepted"), now);
        return status;
    }

    /** upstream's equalToAcceptedOrFresh: a name is fine if already ours, or nobody else's. */
    private static String conflict(String requested, String accepted, Set<String> used) {
        if (requested.equals(accepted) || !used.contains(requested)) {
            return null;
        }
        return "\"" + requested + "\" is already in use";
    }

    private static Condition current(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return new Condition(type, c.path("status").asText(), c.path("reason").asText(),
                        c.path("message").asText());
            }
        }
        return null;
    }

    /**
     * Sets a condition as upstream's SetCRDCondition: a new status gets a new lastTransitionTime, an unchanged one
     * keeps it (reason and message still update).
     */
    public static void setCondition(ObjectNode status, String type, String value, String reason, String message,
                                    Instant now) {
        setCondition(status, new Condition(type, value, reason, message), now);
    }

    private static void setCondition(ObjectNode status, Condition c, Instant now) {
        ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        for (int i = 0; i < conditions.size(); i++) {
            JsonNode existing = conditions.get(i);
            if (c.type().equals(existing.path("type").asText())) {
                String time = c.status().equals(existing.path("status").asText())
                        ? existing.path("lastTransitionTime").asText(timestamp(now)) : timestamp(now);
                conditions.set(i, condition(c, time));
                return;
            }
        }
        conditions.add(condition(c, timestamp(now)));
    }

    private static ObjectNode condition(Condition c, String time) {
        return JsonNodeFactory.instance.objectNode().put("type", c.type()).put("status", c.status())
                .put("lastTransitionTime", time).put("reason", c.reason()).put("message", c.message());
    }

    private static String timestamp(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
