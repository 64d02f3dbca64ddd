package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;

/** The Service an allocation belongs to (an IPAddress's parentRef, a node port's owner). */
record ServiceRef(String namespace, String name) {

    static ServiceRef of(JsonNode service) {
        JsonNode meta = service.path("metadata");
        return new ServiceRef(meta.path("namespace").asText(""), meta.path("name").asText(""));
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
