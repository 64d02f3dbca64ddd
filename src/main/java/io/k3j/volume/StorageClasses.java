package io.k3j.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;

/** StorageClass questions binding asks, over a lookup by name (an informer cache). */
public final class StorageClasses {

    public static final String WAIT_FOR_FIRST_CONSUMER = "WaitForFirstConsumer";

    private final Function<String, ObjectNode> byName;

    public StorageClasses(Function<String, ObjectNode> byName) {
        this.byName = byName;
    }

    /** The class, or empty when there is no such StorageClass. */
    public Optional<ObjectNode> get(String name) {
        return name.isEmpty() ? Optional.empty() : Optional.ofNullable(byName.apply(name));
    }

    /**
     * Upstream's IsDelayBindingMode: the claim's class exists and binds WaitForFirstConsumer. No class, or a class
     * that does not exist (yet), binds immediately.
     */
    public boolean delayBinding(Claim claim) {
        return get(claim.className()).map(c -> WAIT_FOR_FIRST_CONSUMER.equals(c.path("volumeBindingMode").asText()))
                .orElse(false);
    }

    public static String provisioner(JsonNode storageClass) {
        return storageClass.path("provisioner").asText("");
    }

    /** Marked default (GA or beta annotation "true"). */
    public static boolean isDefault(JsonNode sc) {
        JsonNode a = sc.path("metadata").path("annotations");
        return "true".equals(a.path(VolumeAnnotations.IS_DEFAULT_CLASS).asText())
                || "true".equals(a.path(VolumeAnnotations.BETA_IS_DEFAULT_CLASS).asText());
    }

    /** Upstream's GetDefaultClass: among the default classes the newest; equal ages by name. */
    public static Optional<ObjectNode> defaultClass(Collection<ObjectNode> classes) {
        Comparator<ObjectNode> newestFirst = Comparator.<ObjectNode, Instant>comparing(StorageClasses::created).reversed()
                .thenComparing(c -> c.path("metadata").path("name").asText());
        return classes.stream().filter(StorageClasses::isDefault).min(newestFirst);
    }

    private static Instant created(JsonNode o) {
        try {
            return Instant.parse(o.path("metadata").path("creationTimestamp").asText(""));
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
