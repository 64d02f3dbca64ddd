/**
 * The four PATCH content types and field ownership, as pure functions over Jackson trees.
 *
 * <ul>
 *   <li>{@code application/json-patch+json} → {@link io.k3j.api.patch.JsonPatch}</li>
 *   <li>{@code application/merge-patch+json} → {@link io.k3j.api.patch.MergePatch}</li>
 *   <li>{@code application/strategic-merge-patch+json} → {@link io.k3j.api.patch.StrategicMergePatch}
 *       (built-in kinds only; custom resources get a 415)</li>
 *   <li>{@code application/apply-patch+yaml} → {@link io.k3j.api.patch.ServerSideApply} (the caller decodes YAML)</li>
 * </ul>
 *
 * <p>Flow of a non-apply write in the server: decode the body, apply the patch to the stored object,
 * run the registry (defaults, validation, status/spec reset), then
 * {@link io.k3j.api.patch.ManagedFields#recordUpdate} with the stored and new objects, then persist.
 * For apply: {@link io.k3j.api.patch.ServerSideApply#apply} on the stored object (or null to create),
 * then the registry, then persist. Every failure is a {@link io.k3j.api.patch.PatchException} that already
 * carries the HTTP code, Status reason, message and causes upstream uses.
 *
 * <p>Merge metadata comes from a {@link io.k3j.api.patch.PatchSchema}; {@link io.k3j.api.patch.BuiltinPatchSchema}
 * is a hand-kept table of the well-known built-in lists and is meant to be reconciled with the OpenAPI data.
 */
package io.k3j.api.patch;
