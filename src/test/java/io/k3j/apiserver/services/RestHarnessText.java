package io.k3j.apiserver.services;

import io.k3j.apiserver.rest.RestHarness;

import java.net.http.HttpResponse;

/** The parts of a Status answer the tests compare. */
final class RestHarnessText {

    private RestHarnessText() {
    }

    static String message(HttpResponse<String> r) {
        return RestHarness.json(r).path("message").asText();
    }

    static String cause(HttpResponse<String> r) {
        return RestHarness.json(r).at("/details/causes/0").toString();
    }
}
