package io.k3j.server;

import io.vertx.core.Deployable;

import java.util.function.Supplier;

/** One control-plane component: a name for logs and errors, and how to make its verticle. */
public record ComponentSpec(String name, Supplier<? extends Deployable> verticle) {
}
