package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.patch.ManagedFieldsEntry.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) of a manager's configuration to the live object:
 * merge, conflict detection against other managers, {@code force}, and pruning of fields this manager
 * applied before and no longer applies (unless someone else owns them). The YAML body is decoded by the
 * caller; this works on its JSON tree.
 */
public final class ServerSideApply {

    /** The applied object, whether it was created, and whether anything but managedFields changed. */
    public record Result(ObjectNode object, boolean created, boolean changed) {
    }

    /** The manager upstream credits with an untracked object's fields on its first apply. */
    public static final String BEFORE_FIRST_APPLY = "before-first-apply";

    private final PatchSchema schema;
    private final VersionConverter converter;

    public ServerSideApply(PatchSchema schema) {
        this(schema, VersionConverter.NONE);
    }

    /** @param converter converts objects for entries recorded in another version of the kind */
    public ServerSideApply(PatchSchema schema, VersionConverter converter) {
        this.schema = schema;
        this.converter = converter;
    }

    public Result apply(ObjectNode live, JsonNode config, String manager, boolean force, Instant time) {
        return apply(live, config, manager, force, time, "");
    }

    /**
     * @param live the stored object, or null when apply creates it
     * @throws PatchException.Invalid when the configuration carries managedFields (400)
     * @throws PatchException.Conflict when other managers own changed fields and {@code force} is false (409)
     */
    public Result apply(ObjectNode live, JsonNode config, String manager, boolean force, Instant time, String subresource) {
        if (!config.isObject()) {
            throw new PatchException.Invalid("apply patch must be an object");
        }
        if (config.path("metadata").has("managedFields")) {
            throw new PatchException.Invalid("metadata.managedFields must be nil");
        }
        GroupVersionKind gvk = Kinds.of(config);
        ObjectFields fields = new ObjectFields(schema, gvk, subresource);
        FieldSet applied = fields.appliedFieldSet(config);
        ObjectNode before = live == null ? JsonNodeFactory.instance.objectNode() : live.deepCopy();
        List<ManagedFieldsEntry> entries = ManagedFields.decode(before);
        if (before.path("metadata").isObject()) {
            ((ObjectNode) before.get("metadata")).remove("managedFields");
        }
        if (live != null && entries.isEmpty()) {
            // an untracked object: its existing fields belong to a stand-in manager, so applying over them conflicts
            entries = List.of(new ManagedFieldsEntry(BEFORE_FIRST_APPLY, Operation.Update, gvk.apiVersion(), time,
                    subresource, fields.fieldSet(before)));
        }

        ObjectNode merged = before.deepCopy();
        ApplyMerge merge = new ApplyMerge(schema, gvk, fields);
        merge.mergeObject(merged, (ObjectNode) config, List.of());
        ObjectFields.Comparison cmp = fields.compare(before, merged);
        VersionedChanges changes = new VersionedChanges(schema, converter, subresource, gvk, before, merged, cmp);

        ManagedFieldsEntry own = null;
        List<ManagedFieldsEntry> others = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            if (e.sameIdentity(manager, Operation.Apply, gvk.apiVersion(), subresource)) {
                own = e;
            } else {
                others.add(e);
            }
        }
        others = takeOwnership(others, changes, force,
                LastApplied.KUBECTL.equals(manager) ? LastApplied.allowedConflicts(before, fields) : FieldSet.empty());

        // Fields this manager applied before in another version are not pruned: their paths are that version's.
        FieldSet dropped = own == null || !sameVersion(own, gvk) ? FieldSet.empty() : own.fields().difference(applied);
        prune(merged, merge, dropped, applied, others);
        ObjectFields.Comparison pruned = fields.compare(before, merged);
        VersionedChanges afterPrune = new VersionedChanges(schema, converter, subresource, gvk, before, merged, pruned);
        List<ManagedFieldsEntry> out = withoutRemoved(others, afterPrune);

        boolean changed = !JsonValues.same(before, merged);
        Instant stamp = own == null || changed || !own.fields().equals(applied) ? time : own.time();
        if (!applied.isEmpty()) {
            out.add(new ManagedFieldsEntry(manager, Operation.Apply, gvk.apiVersion(), stamp, subresource, applied));
        }
        LastApplied.sync(merged, config, manager);
        ManagedFields.write(merged, out);
        return new Result(merged, live == null, changed);
    }

    /** Removes what this manager applied last time and dropped now, unless another manager still owns it. */
    private static void prune(ObjectNode merged, ApplyMerge merge, FieldSet dropped, FieldSet applied,
                              List<ManagedFieldsEntry> others) {
        for (FieldPath p : dropped.members()) {
            boolean ownedElsewhere = applied.hasMemberAtOrBelow(p)
                    || others.stream().anyMatch(e -> e.fields().hasMemberAtOrBelow(p));
            if (!ownedElsewhere) {
                merge.remove(merged, p);
            }
        }
    }

    private static boolean sameVersion(ManagedFieldsEntry e, GroupVersionKind gvk) {
        return e.apiVersion() == null || e.apiVersion().isEmpty() || e.apiVersion().equals(gvk.apiVersion());
    }

    /** Fields that left the object (in each owner's version) leave every owner; owners left with nothing disappear. */
    private static List<ManagedFieldsEntry> withoutRemoved(List<ManagedFieldsEntry> entries, VersionedChanges changes) {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (ManagedFieldsEntry e : entries) {
            FieldSet kept = e.fields().difference(changes.in(e.apiVersion()).removed());
            if (!kept.isEmpty()) {
                out.add(e.withFields(kept));
            }
        }
        return out;
    }

    /**
     * Fields this apply changes leave their other owners when forced. Otherwise they are conflicts, except
     * those in {@code allowed} (kubectl's own client-side-applied fields); when only such conflicts exist
     * the apply proceeds as if forced, as upstream does.
     */
    private static List<ManagedFieldsEntry> takeOwnership(List<ManagedFieldsEntry> others, VersionedChanges changes,
                                                          boolean force, FieldSet allowed) {
        Map<String, List<FieldPath>> conflicts = new TreeMap<>();
        Map<String, ManagedFieldsEntry> byId = new TreeMap<>();
        for (ManagedFieldsEntry e : others) {
            // another version's owner conflicts on what changed in its own version's field paths, as upstream's
            FieldSet changed = changes.in(e.apiVersion()).changed();
            List<FieldPath> clash = e.fields().intersection(changed).members().stream()
                    .filter(p -> !allowed.contains(p)).toList();
            if (!clash.isEmpty()) {
                conflicts.computeIfAbsent(e.identifier(), k -> new ArrayList<>()).addAll(clash);
                byId.put(e.identifier(), e);
            }
        }
        if (!conflicts.isEmpty() && !force) {
            throw conflict(conflicts, byId);
        }
        List<ManagedFieldsEntry> out = new ArrayList<>();
        for (ManagedFieldsEntry e : others) {
            out.add(e.withFields(e.fields().difference(changes.in(e.apiVersion()).changed())));
        }
        return out;
    }

    /** The 409 upstream answers: one cause per field, message grouped by manager (sorted by identifier). */
    private static PatchException.Conflict conflict(Map<String, List<FieldPath>> conflicts,
                                                    Map<String, ManagedFieldsEntry> byId) {
        List<PatchException.Cause> causes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int total = 0;
        for (Map.Entry<String, List<FieldPath>> c : conflicts.entrySet()) {
            String who = byId.get(c.getKey()).describe();
            lines.add("conflicts with " + who);
            List<FieldPath> paths = c.getValue().stream().sorted(Comparator.comparing(FieldPath::toString)).toList();
            for (FieldPath p : paths) {
                causes.add(new PatchException.Cause("FieldManagerConflict", "conflict with " + who, p.toString()));
                lines.add("- " + p);
                total++;
            }
        }
        String message = total == 1
                ? "Apply failed with 1 conflict: " + causes.get(0).message() + ": " + causes.get(0).field()
                : "Apply failed with " + total + " conflicts: " + String.join("\n", lines);
        return new PatchException.Conflict(message, causes);
    }
}
