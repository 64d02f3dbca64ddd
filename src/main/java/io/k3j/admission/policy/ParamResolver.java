package io.k3j.admission.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionLookup;
import io.k3j.admission.AdmissionRequest;
import io.k3j.api.BuiltinResources;
import io.k3j.api.ResourceDescriptor;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds a binding's parameter objects: the paramKind's resource (built-in, or a CustomResourceDefinition's), then the
 * object named by paramRef.name or every object paramRef.selector matches, in paramRef.namespace — or, for a
 * namespaced kind without one, the request's namespace.
 */
final class ParamResolver {

    private record Resource(String group, String plural, boolean namespaced) {
    }

    private final AdmissionLookup lookup;

    ParamResolver(AdmissionLookup lookup) {
        this.lookup = lookup;
    }

    Future<List<ObjectNode>> params(PolicyDefinition.ParamKind kind, PolicyBinding.ParamRef ref, AdmissionRequest r) {
        return resource(kind).compose(res -> {
            if (res == null) {
                return Future.succeededFuture(List.<ObjectNode>of());
            }
            String ns = !res.namespaced() ? "" : !ref.namespace().isEmpty() ? ref.namespace() : r.namespace();
            if (ref.selector() == null) {
                return lookup.get(res.group(), res.plural(), ns, ref.name())
                        .map(o -> o == null ? List.<ObjectNode>of() : List.of(o));
            }
            return lookup.list(res.group(), res.plural(), ns).map(all -> {
                List<ObjectNode> out = new ArrayList<>();
                for (ObjectNode o : all) {
                    if (ref.selector().matches(o.path("metadata").path("labels"))) {
                        out.add(o);
                    }
                }
                return out;
            });
        });
    }

    private Future<Resource> resource(PolicyDefinition.ParamKind kind) {
        for (ResourceDescriptor d : BuiltinResources.all()) {
            if (d.group().equals(kind.group()) && d.kind().equals(kind.kind())) {
                return Future.succeededFuture(new Resource(d.group(), d.resource(), d.namespaced()));
            }
        }
        return lookup.list("apiextensions.k8s.io", "customresourcedefinitions", "").map(crds -> {
            for (ObjectNode crd : crds) {
                JsonNode spec = crd.path("spec");
                if (spec.path("group").asText().equals(kind.group())
                        && spec.path("names").path("kind").asText().equals(kind.kind())) {
                    return new Resource(kind.group(), spec.path("names").path("plural").asText(),
                            !"Cluster".equals(spec.path("scope").asText()));
                }
            }
            return null;
        });
    }
}
