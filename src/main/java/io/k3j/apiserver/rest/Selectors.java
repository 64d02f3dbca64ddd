package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.api.selector.FieldSelector;
import io.k3j.api.selector.LabelSelector;

/** A list or watch request's label and field selectors, matched against whole objects. */
record Selectors(LabelSelector labels, FieldSelector fields) {

    boolean matches(JsonNode obj) {
        return (labels.isEmpty() || labels.matches(obj.path("metadata").path("labels")))
                && (fields.isEmpty() || fields.matches(obj));
    }
}
