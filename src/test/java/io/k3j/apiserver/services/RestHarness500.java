package io.k3j.apiserver.services;

import io.k3j.apiserver.rest.RestHarness;

import java.net.http.HttpResponse;

/** The reason of a Status answer. */
final class RestHarness500 {

    private RestHarness500() {
    }

    static String reason(HttpResponse<String> r) {
        return RestHarness.json(r).path("reason").asText();
    }
}
