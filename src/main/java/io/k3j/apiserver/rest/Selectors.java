package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.selector.FieldSelector;
import io.k3j.api.selector.LabelSelector;
import io.k3j.api.selector.SelectorException;

/** A list or watch request's label and field selectors, matched against whole objects. */
public record Selectors(LabelSelector labels, FieldSelector fields) {

    /** Parses a request's selectors for {@code d}'s kind (the field selectors it supports); a bad one is a 400. */
    public static Selectors parse(String labelSelector, String fieldSelector, ResourceDescriptor d) {
        try {
            return new Selectors(LabelSelector.parse(labelSelector == null ? "" : labelSelector),
                    FieldSelector.parse(fieldSelector == null ? "" : fieldSelector).forKind(d.group(), d.kind()));
        } catch (SelectorException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    public boolean matches(JsonNode obj) {
        return (labels.isEmpty() || labels.matches(obj.path("metadata").path("labels")))
                && (fields.isEmpty() || fields.matches(obj));
    }
}
