package io.k3j.api.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.patch.ManagedFieldsEntry.Operation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Field ownership bookkeeping for every write. The server calls {@link #recordUpdate} on each create,
 * update and non-apply patch; {@link ServerSideApply} uses the same entries for apply.
 */
public final class ManagedFields {

    private final PatchSchema schema;
    private final VersionConverter converter;

    public ManagedFields(PatchSchema schema) {
        this(schema, VersionConverter.NONE);
    }

    /** @param converter converts objects for entries recorded in another version of the kind */
    public ManagedFields(PatchSchema schema, VersionConverter converter) {
        this.schema = schema;
        this.converter = converter;
    }

    /** Main-resource write. */
    public ObjectNode recordUpdate(JsonNode oldObj, ObjectNode newObj, String manager, Instant time) {
        return recordUpdate(oldObj, newObj, manager, time, "");
    }

    /**
     * Returns a copy of {@code newObj} whose metadata.managedFields credit {@code manager} (operation Update,
     * the object's apiVersion) with every field this write added or changed; other managers lose those
     * fields and any field the write removed. {@code oldObj} is null on create.
     * <p>
     * As upstream: a body carrying {@code managedFields: []} clears tracking altogether; a body carrying
     * other valid entries replaces the live ones (kubectl's client-side to server-side apply migration);
     * a body without them keeps the live ones; an existing object without entries is left untracked.
     */
    public ObjectNode recordUpdate(JsonNode oldObj, ObjectNode newObj, String manager, Instant time, String subresource) {
        ObjectNode result = newObj.deepCopy();
        JsonNode bodyEntries = result.path("metadata").get("managedFields");
        if (isReset(bodyEntries)) {
            ((ObjectNode) result.get("metadata")).remove("managedFields");
            return result;
        }
        List<ManagedFieldsEntry> entries = null;
        if (bodyEntries != null && bodyEntries.isArray() && !bodyEntries.isEmpty() && subresource.isEmpty()) {
            try {
                entries = decode(result);
            } catch (PatchException | IllegalArgumentException | java.time.DateTimeException e) {
                entries = null; // undecodable entries in a body are ignored in favour of the stored ones
            }
        }
        if (entries == null) {
            entries = decode(oldObj);
        }
        if (oldObj != null && entries.isEmpty()) {
            // upstream tracks ownership from creation on; an existing object without entries stays untracked
            if (result.path("metadata").isObject()) {
                ((ObjectNode) result.get("metadata")).remove("managedFields");
            }
            return result;
        }
        GroupVersionKind gvk = Kinds.of(result);
        ObjectFields fields = new ObjectFields(schema, gvk, subresource);
        ObjectFields.Comparison cmp = fields.compare(oldObj, result);
        VersionedChanges changes = new VersionedChanges(schema, converter, subresource, gvk, oldObj, result, cmp);

        List<ManagedFieldsEntry> out = new ArrayList<>();
        ManagedFieldsEntry own = null;
        for (ManagedFieldsEntry e : entries) {
            // an entry written in another version loses what changed in that version's terms, as upstream's
            ObjectFields.Comparison seen = changes.in(e.apiVersion());
            ManagedFieldsEntry stripped = e.withFields(e.fields().difference(seen.changed()).difference(seen.removed()));
            if (e.sameIdentity(manager, Operation.Update, gvk.apiVersion(), subresource)) {
                own = stripped;
            } else if (!stripped.fields().isEmpty()) {
                out.add(stripped);
            }
        }
        if (!cmp.changed().isEmpty()) {
            FieldSet owned = own == null ? cmp.changed() : own.fields().union(cmp.changed());
            out.add(new ManagedFieldsEntry(manager, Operation.Update, gvk.apiVersion(), time, subresource, owned));
        } else if (own != null && !own.fields().isEmpty()) {
            out.add(own);
        }
        write(result, out);
        return result;
    }

    /** The entries of an object's metadata.managedFields (empty when absent). */
    public static List<ManagedFieldsEntry> decode(JsonNode object) {
        List<ManagedFieldsEntry> out = new ArrayList<>();
        if (object == null) {
            return out;
        }
        for (JsonNode n : object.path("metadata").path("managedFields")) {
            out.add(ManagedFieldsEntry.fromJson(n));
        }
        return out;
    }

    /** Writes entries into metadata.managedFields in upstream's order (or removes the field when none). */
    static void write(ObjectNode object, List<ManagedFieldsEntry> entries) {
        ObjectNode meta = object.has("metadata") && object.get("metadata").isObject()
                ? (ObjectNode) object.get("metadata") : object.putObject("metadata");
        if (entries.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        UpdateManagerCap.cap(entries).stream().sorted(ManagedFieldsEntry.ORDER).forEach(e -> arr.add(e.toJson()));
        meta.set("managedFields", arr);
    }

    /** {@code []} or {@code [{}]} in a write body means "stop tracking". */
    private static boolean isReset(JsonNode entries) {
        return entries != null && entries.isArray()
                && (entries.isEmpty() || entries.size() == 1 && entries.get(0).isObject() && entries.get(0).isEmpty());
    }
}
