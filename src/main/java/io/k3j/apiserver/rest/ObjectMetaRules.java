package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The server's part of ObjectMeta: names (validated, generateName), uid, creationTimestamp,
 * generation, and what a client may not set. resourceVersion is never stored: it is the store's
 * modRevision, filled in on the way out.
 */
final class ObjectMetaRules {

    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
            + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    private static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
            + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
            + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    /** Kinds whose names become DNS labels (host names, namespace names). */
    private static final Set<String> LABEL_NAMED = Set.of("namespaces", "services");
    private static final char[] SUFFIX = "bcdfghjklmnpqrstvwxz2456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ObjectMetaRules() {
    }

    static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** generateName plus five random characters, as upstream's SimpleNameGenerator (the prefix cut to 58). */
    static String generatedName(String generateName) {
        StringBuilder sb = new StringBuilder(generateName.length() > 58 ? generateName.substring(0, 58) : generateName);
        for (int i = 0; i < 5; i++) {
            sb.append(SUFFIX[RANDOM.nextInt(SUFFIX.length)]);
        }
        return sb.toString();
    }

    /** Prepares a new object; returns its final name. */
    static String forCreate(ResourceDescriptor d, ObjectNode obj, String namespace) {
        ObjectNode meta = meta(obj);
        String name = meta.path("name").asText("");
        if (name.isEmpty()) {
            String gen = meta.path("generateName").asText("");
            if (gen.isEmpty()) {
                throw ApiError.invalid(d.kind(), d.group(), "", "metadata.name", "FieldValueRequired",
                        "Required value: name or generateName is required");
            }
            name = generatedName(gen);
            meta.put("name", name);
        }
        validateName(d, name);
        if (d.namespaced()) {
            meta.put("namespace", namespace);
        } else {
            meta.remove("namespace");
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", now());
        meta.remove(java.util.List.of("resourceVersion", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds"));
        if (hasSpec(obj)) {
            meta.put("generation", 1);
        } else {
            meta.remove("generation");
        }
        return name;
    }

    /** Keeps what the server owns from the stored object; bumps generation when the desired state changed. */
    static void forUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode meta = meta(obj);
        ObjectNode oldMeta = meta(old);
        for (String f : new String[]{"uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "namespace"}) {
            if (oldMeta.has(f)) {
                meta.set(f, oldMeta.get(f));
            } else {
                meta.remove(f);
            }
        }
        meta.remove("resourceVersion");
        meta.remove("selfLink");
        if (oldMeta.has("generation")) {
            long gen = oldMeta.path("generation").asLong(1);
            meta.put("generation", desiredStateChanged(obj, old) ? gen + 1 : gen);
        }
    }

    static void validateName(ResourceDescriptor d, String name) {
        if (d.group().equals(RbacStrategy.GROUP)) {
            validatePathSegmentName(d, name); // RBAC names may hold colons ("system:controller:…")
            return;
        }
        boolean label = LABEL_NAMED.contains(d.resource());
        int max = label ? 63 : 253;
        if (name.length() > max) {
            throw ApiError.invalid(d.kind(), d.group(), name, "metadata.name", "FieldValueInvalid",
                    "Invalid value: \"" + name + "\": must be no more than " + max + " characters");
        }
        if (!(label ? LABEL : SUBDOMAIN).matcher(name).matches()) {
            throw ApiError.invalid(d.kind(), d.group(), name, "metadata.name", "FieldValueInvalid",
                    "Invalid value: \"" + name + "\": " + (label ? LABEL_MSG : SUBDOMAIN_MSG));
        }
    }

    /** Upstream's ValidatePathSegmentName: any name that is safe as one URL path segment. */
    private static void validatePathSegmentName(ResourceDescriptor d, String name) {
        String problem = null;
        if (name.equals(".") || name.equals("..")) {
            problem = "may not be '" + name + "'";
        } else if (name.contains("/")) {
            problem = "may not contain '/'";
        } else if (name.contains("%")) {
            problem = "may not contain '%'";
        }
        if (problem != null) {
            throw ApiError.invalid(d.kind(), d.group(), name, "metadata.name", "FieldValueInvalid",
                    "Invalid value: \"" + name + "\": " + problem);
        }
    }

    static ObjectNode meta(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m == null || !m.isObject()) {
            return obj.putObject("metadata");
        }
        return (ObjectNode) m;
    }

    /** Objects with spec-like content carry a generation (everything but metadata and status). */
    private static boolean hasSpec(ObjectNode obj) {
        return obj.has("spec");
    }

    private static boolean desiredStateChanged(ObjectNode a, ObjectNode b) {
        Iterator<Map.Entry<String, JsonNode>> it = a.fields();
        int count = 0;
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals("metadata") || k.equals("status") || k.equals("apiVersion") || k.equals("kind")) {
                continue;
            }
            count++;
            if (!e.getValue().equals(b.get(k))) {
                return true;
            }
        }
        Iterator<String> names = b.fieldNames();
        int other = 0;
        while (names.hasNext()) {
            String k = names.next();
            if (!(k.equals("metadata") || k.equals("status") || k.equals("apiVersion") || k.equals("kind"))) {
                other++;
            }
        }
        return count != other;
    }
}
