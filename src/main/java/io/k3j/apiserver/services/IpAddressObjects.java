package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.apiserver.rest.StorageKeys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * networking.k8s.io/v1 IPAddress objects as upstream's allocator writes them: named by the canonical address,
 * labelled with the family and {@code ipaddress.kubernetes.io/managed-by: ipallocator.k8s.io}, and pointing at
 * their Service through {@code spec.parentRef}.
 */
final class IpAddressObjects {

    static final String PREFIX = StorageKeys.resourcePrefix("networking.k8s.io", "ipaddresses");
    static final String MANAGED_BY = "ipaddress.kubernetes.io/managed-by";
    static final String FAMILY = "ipaddress.kubernetes.io/ip-family";
    static final String ALLOCATOR = "ipallocator.k8s.io";

    private IpAddressObjects() {
    }

    static String key(String canonicalIp) {
        return PREFIX + canonicalIp;
    }

    static ObjectNode create(String canonicalIp, String family, ServiceRef parent, Instant now) {
        ObjectNode obj = Json.MAPPER.createObjectNode();
        obj.put("apiVersion", "networking.k8s.io/v1").put("kind", "IPAddress");
        ObjectNode meta = obj.putObject("metadata");
        meta.put("name", canonicalIp);
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", now.truncatedTo(ChronoUnit.SECONDS).toString());
        meta.putObject("labels").put(FAMILY, family).put(MANAGED_BY, ALLOCATOR);
        // group "" is omitted, as upstream's omitempty does
        obj.putObject("spec").putObject("parentRef").put("resource", "services")
                .put("namespace", parent.namespace()).put("name", parent.name());
        return obj;
    }

    /** The Service the address belongs to, or null when its parent is something else. */
    static ServiceRef parent(JsonNode ipAddress) {
        JsonNode ref = ipAddress.path("spec").path("parentRef");
        if (!ref.path("group").asText("").isEmpty() || !ref.path("resource").asText("").equals("services")) {
            return null;
        }
        return new ServiceRef(ref.path("namespace").asText(""), ref.path("name").asText(""));
    }

    static boolean managedByAllocator(JsonNode ipAddress) {
        return ALLOCATOR.equals(ipAddress.path("metadata").path("labels").path(MANAGED_BY).asText(""));
    }

    static Instant created(JsonNode obj) {
        try {
            return Instant.parse(obj.path("metadata").path("creationTimestamp").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
