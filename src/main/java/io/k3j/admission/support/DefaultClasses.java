package io.k3j.admission.support;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The default class among StorageClasses or IngressClasses: upstream takes the newest of those marked default
 * (by creationTimestamp, ties broken by name), so adding a new default takes over without first unmarking the old.
 */
public final class DefaultClasses {

    private static final Comparator<ObjectNode> NEWEST_FIRST =
            Comparator.<ObjectNode, java.time.Instant>comparing(ObjectFields::created).reversed()
                    .thenComparing(ObjectFields::name);

    private DefaultClasses() {
    }

    public static Optional<ObjectNode> newest(List<ObjectNode> classes, Predicate<ObjectNode> isDefault) {
        return classes.stream().filter(isDefault).min(NEWEST_FIRST);
    }
}
