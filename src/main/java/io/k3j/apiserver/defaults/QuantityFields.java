package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.quantity.CanonicalQuantity;

import static io.k3j.apiserver.defaults.Fields.eachObject;
import static io.k3j.apiserver.defaults.Fields.existing;
import static io.k3j.apiserver.defaults.Fields.ifObject;

/**
 * Rewrites every resource.Quantity field of a built-in object to its canonical text, as kube-apiserver's decoding
 * does ({@code cpu: 0.5} is stored and served as {@code 500m}; JSON numbers become strings). The fields are those
 * upstream's Go types declare as quantities: container and pod resources (containers, init and ephemeral
 * containers, pod-level resources, overhead, emptyDir sizeLimit, ephemeral volume claims, container statuses), every
 * pod template, claims and their templates, volumes' capacity, nodes' capacity and allocatable, quota hard and used,
 * LimitRange items, HPA v2 targets and readings, RuntimeClass overhead and CSIStorageCapacity sizes.
 *
 * @throws io.k3j.api.quantity.InvalidQuantityException on a value that is not a quantity (upstream fails decoding)
 */
final class QuantityFields {

    private QuantityFields() {
    }

    static void canonicalize(String group, String version, String resource, ObjectNode obj) {
        switch (group + "/" + resource) {
            case "/pods" -> {
                ifObject(obj, "spec", QuantityFields::podSpec);
                ifObject(obj, "status", QuantityFields::podStatus);
            }
            case "/podtemplates" -> template(obj);
            case "/replicationcontrollers", "apps/deployments", "apps/replicasets", "apps/daemonsets", "batch/jobs" ->
                    ifObject(obj, "spec", QuantityFields::template);
            case "apps/statefulsets" -> ifObject(obj, "spec", s -> {
                template(s);
                eachObject(s, "volumeClaimTemplates", QuantityFields::claim);
            });
            case "batch/cronjobs" -> ifObject(obj, "spec", s -> ifObject(s, "jobTemplate",
                    j -> ifObject(j, "spec", QuantityFields::template)));
            case "/persistentvolumeclaims" -> claim(obj);
            case "/persistentvolumes" -> ifObject(obj, "spec", s -> list(s, "capacity"));
            case "/nodes" -> ifObject(obj, "status", s -> {
                list(s, "capacity");
                list(s, "allocatable");
            });
            case "/resourcequotas" -> {
                ifObject(obj, "spec", s -> list(s, "hard"));
                ifObject(obj, "status", s -> {
                    list(s, "hard");
                    list(s, "used");
                });
            }
            case "/limitranges" -> ifObject(obj, "spec", s -> eachObject(s, "limits", item -> {
                for (String f : new String[]{"max", "min", "default", "defaultRequest", "maxLimitRequestRatio"}) {
                    list(item, f);
                }
            }));
            case "autoscaling/horizontalpodautoscalers" -> {
                if (version.equals("v2")) {
                    horizontalPodAutoscaler(obj);
                }
            }
            case "node.k8s.io/runtimeclasses" -> ifObject(obj, "overhead", o -> list(o, "podFixed"));
            case "storage.k8s.io/csistoragecapacities" -> {
                single(obj, "capacity");
                single(obj, "maximumVolumeSize");
            }
            default -> {
            }
        }
    }

    /** The pod template at {@code parent.template}. */
    private static void template(ObjectNode parent) {
        ifObject(parent, "template", t -> ifObject(t, "spec", QuantityFields::podSpec));
    }

    private static void podSpec(ObjectNode spec) {
        for (String containers : new String[]{"initContainers", "containers", "ephemeralContainers"}) {
            eachObject(spec, containers, c -> ifObject(c, "resources", QuantityFields::requirements));
        }
        list(spec, "overhead");
        ifObject(spec, "resources", QuantityFields::requirements);
        eachObject(spec, "volumes", v -> {
            ifObject(v, "emptyDir", e -> single(e, "sizeLimit"));
            ifObject(v, "ephemeral", e -> ifObject(e, "volumeClaimTemplate",
                    t -> ifObject(t, "spec", QuantityFields::claimSpec)));
        });
    }

    private static void podStatus(ObjectNode status) {
        for (String statuses : new String[]{"initContainerStatuses", "containerStatuses", "ephemeralContainerStatuses"}) {
            eachObject(status, statuses, c -> {
                list(c, "allocatedResources");
                ifObject(c, "resources", QuantityFields::requirements);
            });
        }
    }

    private static void requirements(ObjectNode r) {
        list(r, "limits");
        list(r, "requests");
    }

    private static void claim(ObjectNode claim) {
        ifObject(claim, "spec", QuantityFields::claimSpec);
        ifObject(claim, "status", s -> {
            list(s, "capacity");
            list(s, "allocatedResources");
        });
    }

    private static void claimSpec(ObjectNode spec) {
        ifObject(spec, "resources", QuantityFields::requirements);
    }

    private static void horizontalPodAutoscaler(ObjectNode hpa) {
        ifObject(hpa, "spec", spec -> {
            eachObject(spec, "metrics", m -> metricValues(m, "target"));
            ifObject(spec, "behavior", b -> {
                ifObject(b, "scaleUp", r -> single(r, "tolerance"));
                ifObject(b, "scaleDown", r -> single(r, "tolerance"));
            });
        });
        ifObject(hpa, "status", s -> eachObject(s, "currentMetrics", m -> metricValues(m, "current")));
    }

    /** A metric's target (or current reading) value and averageValue, whichever source it has. */
    private static void metricValues(ObjectNode metric, String block) {
        for (String source : new String[]{"object", "pods", "resource", "containerResource", "external"}) {
            ifObject(metric, source, s -> ifObject(s, block, t -> {
                single(t, "value");
                single(t, "averageValue");
            }));
        }
    }

    /** A ResourceList (name → quantity); a null value is Go's zero Quantity, "0". */
    private static void list(ObjectNode parent, String field) {
        ObjectNode map = existing(parent, field);
        if (map == null) {
            return;
        }
        java.util.List<String> names = new java.util.ArrayList<>();
        map.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            JsonNode v = map.get(name);
            map.put(name, v.isNull() ? "0" : canonical(v));
        }
    }

    /** A *Quantity field; null stays unset (Go's nil pointer). */
    private static void single(ObjectNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v == null) {
            return;
        }
        if (v.isNull()) {
            parent.remove(field);
        } else {
            parent.put(field, canonical(v));
        }
    }

    /**
     * A JSON value as upstream's decoder hands it to Quantity: a string's content with surrounding space trimmed, a
     * number's digits (written out in full, so 0.0001 reads as such and not as 1.0E-4), anything else as JSON text.
     */
    private static String canonical(JsonNode v) {
        String text = v.isTextual() ? v.asText().strip()
                : v.isNumber() ? (v.isIntegralNumber() ? v.asText() : v.decimalValue().toPlainString())
                : v.toString();
        return CanonicalQuantity.of(text);
    }
}
