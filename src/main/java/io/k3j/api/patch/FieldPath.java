package io.k3j.api.patch;

import java.util.ArrayList;
import java.util.List;

/** A path of {@link PathElement}s from the object root; prints as upstream does ({@code .spec.containers[name="x"].image}). */
public record FieldPath(List<PathElement> elements) {

    public static final FieldPath ROOT = new FieldPath(List.of());

    public FieldPath {
        elements = List.copyOf(elements);
    }

    public static FieldPath of(String... fieldNames) {
        List<PathElement> out = new ArrayList<>();
        for (String n : fieldNames) {
            out.add(new PathElement.Field(n));
        }
        return new FieldPath(out);
    }

    public FieldPath child(PathElement e) {
        List<PathElement> out = new ArrayList<>(elements);
        out.add(e);
        return new FieldPath(out);
    }

    public FieldPath field(String name) {
        return child(new PathElement.Field(name));
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        elements.forEach(b::append);
        return b.toString();
    }
}
