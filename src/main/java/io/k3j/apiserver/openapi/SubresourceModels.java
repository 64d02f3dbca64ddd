package io.k3j.apiserver.openapi;

import io.k3j.api.GroupVersionKind;
import java.util.Map;
import java.util.Optional;

/**
 * Models of kinds that only appear as subresource bodies (they have no resource of their own in the catalog).
 * Connect option kinds (PodExecOptions, …) are absent on purpose: their operations take query parameters only.
 */
final class SubresourceModels {

    private static final Map<GroupVersionKind, Class<?>> MODELS = Map.of(
            new GroupVersionKind("autoscaling", "v1", "Scale"), io.fabric8.kubernetes.api.model.autoscaling.v1.Scale.class,
            new GroupVersionKind("policy", "v1", "Eviction"), io.fabric8.kubernetes.api.model.policy.v1.Eviction.class,
            new GroupVersionKind("authentication.k8s.io", "v1", "TokenRequest"),
            io.fabric8.kubernetes.api.model.authentication.TokenRequest.class);

    private SubresourceModels() {
    }

    static Optional<Class<?>> modelOf(GroupVersionKind gvk) {
        return Optional.ofNullable(MODELS.get(gvk));
    }
}
