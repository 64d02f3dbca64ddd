package io.k3j.auth.authn;

/** An object a service-account token is bound to (its pod, secret or node), by name and uid. */
public record BoundObject(String name, String uid) {
}
