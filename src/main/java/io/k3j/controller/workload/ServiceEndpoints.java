package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Service's endpoints are, from its pods (the pure part of the Endpoints and EndpointSlice controllers): which
 * pods count, their ready/serving/terminating state, and each service port resolved against the pod (a named
 * targetPort is looked up among the pod's container ports).
 */
final class ServiceEndpoints {

    /** One pod as an endpoint, with the ports it serves the Service on. */
    record Endpoint(JsonNode pod, String ip, boolean ready, boolean serving, boolean terminating, List<ObjectNode> ports) {

        String portKey() {
            return ports.toString();
        }
    }

    private ServiceEndpoints() {
    }

    static boolean hasSelector(JsonNode svc) {
        JsonNode sel = svc.path("spec").path("selector");
        return sel.isObject() && !sel.isEmpty();
    }

    static boolean headless(JsonNode svc) {
        return "None".equals(svc.path("spec").path("clusterIP").asText());
    }

    static boolean selects(JsonNode svc, JsonNode pod) {
        if (!hasSelector(svc) || !Meta.namespace(svc).equals(Meta.namespace(pod))) {
            return false;
        }
        Map<String, String> labels = Meta.labels(pod);
        return Meta.stringMap(svc.path("spec").path("selector")).entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /**
     * The IP families a Service's endpoints come in, primary first (upstream's getAddressTypesForService): its
     * spec.ipFamilies; for a Service stored without them, the family of its cluster IP.
     */
    static List<String> families(JsonNode svc) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : svc.path("spec").path("ipFamilies")) {
            String family = f.asText("");
            if ((family.equals("IPv4") || family.equals("IPv6")) && !out.contains(family)) {
                out.add(family);
            }
        }
        if (out.isEmpty()) {
            out.add(family(svc.path("spec").path("clusterIP").asText("")));
        }
        return out;
    }

    /** "IPv6" for an address with a colon, else "IPv4" (the address was validated by the API server). */
    static String family(String ip) {
        return ip.contains(":") ? "IPv6" : "IPv4";
    }

    /**
     * The pod's address of {@code family}, from status.podIPs (status.podIP for a pod that reports only that), or
     * "" when it has none of that family, as upstream's controllers pick one.
     */
    static String podIp(JsonNode pod, String family) {
        JsonNode ips = pod.path("status").path("podIPs");
        if (ips.isEmpty()) {
            String ip = pod.path("status").path("podIP").asText("");
            return !ip.isEmpty() && family(ip).equals(family) ? ip : "";
        }
        for (JsonNode ip : ips) {
            String a = ip.path("ip").asText("");
            if (!a.isEmpty() && family(a).equals(family)) {
                return a;
            }
        }
        return "";
    }

    /** The Service's endpoints of its primary family (what legacy Endpoints hold, as upstream's controller). */
    static List<Endpoint> of(JsonNode svc, List<ObjectNode> pods, boolean includeTerminating) {
        return of(svc, pods, includeTerminating, families(svc).getFirst());
    }

    /**
     * The Service's endpoints of {@code family} among {@code pods}, sorted by pod name; terminating pods only when
     * asked for; a pod without an address of that family is no endpoint of it.
     */
    static List<Endpoint> of(JsonNode svc, List<ObjectNode> pods, boolean includeTerminating, String family) {
        boolean publishNotReady = svc.path("spec").path("publishNotReadyAddresses").asBoolean(false);
        List<Endpoint> out = new ArrayList<>();
        for (ObjectNode pod : pods) {
            if (!selects(svc, pod)) {
                continue;
            }
            String ip = podIp(pod, family);
            if (ip.isEmpty() || Pods.terminal(pod)) {
                continue;
            }
            boolean terminating = Meta.deleting(pod);
            if (terminating && !includeTerminating) {
                continue;
            }
            boolean serving = Pods.ready(pod) || publishNotReady;
            boolean ready = serving && !terminating;
            List<ObjectNode> ports = new ArrayList<>();
            boolean missing = false;
            for (JsonNode sp : svc.path("spec").path("ports")) {
                Integer target = resolve(sp, pod);
                if (target == null) {
                    missing = true;
                    continue;
                }
                ObjectNode p = Meta.MAPPER.createObjectNode();
                if (sp.hasNonNull("name")) {
                    p.put("name", sp.path("name").asText());
                }
                p.put("port", target).put("protocol", sp.path("protocol").asText("TCP"));
                if (sp.hasNonNull("appProtocol")) {
                    p.put("appProtocol", sp.path("appProtocol").asText());
                }
                ports.add(p);
            }
            if (missing && ports.isEmpty()) {
                continue; // no port of the Service resolves on this pod
            }
            ports.sort(Comparator.comparing((ObjectNode p) -> p.path("name").asText("")).thenComparing(p -> p.path("port").asInt()));
            out.add(new Endpoint(pod, ip, ready, serving, terminating, ports));
        }
        out.sort(Comparator.comparing(e -> Meta.name(e.pod())));
        return out;
    }

    /** A service port's target on {@code pod}: a number, a named container port, or the port itself; null if absent. */
    static Integer resolve(JsonNode servicePort, JsonNode pod) {
        JsonNode target = servicePort.path("targetPort");
        if (target.isNumber()) {
            return target.asInt();
        }
        String name = target.asText("");
        if (name.isEmpty()) {
            return servicePort.path("port").asInt();
        }
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException notNumeric) {
            String protocol = servicePort.path("protocol").asText("TCP");
            for (JsonNode c : pod.path("spec").path("containers")) {
                for (JsonNode cp : c.path("ports")) {
                    if (name.equals(cp.path("name").asText()) && protocol.equals(cp.path("protocol").asText("TCP"))) {
                        return cp.path("containerPort").asInt();
                    }
                }
            }
            return null;
        }
    }

    static ObjectNode targetRef(JsonNode pod) {
        return Meta.MAPPER.createObjectNode().put("kind", "Pod").put("namespace", Meta.namespace(pod))
                .put("name", Meta.name(pod)).put("uid", Meta.uid(pod));
    }

    /** The pod's DNS hostname under the Service, when its spec.hostname and spec.subdomain say so. */
    static String hostname(JsonNode svc, JsonNode pod) {
        String host = pod.path("spec").path("hostname").asText("");
        String sub = pod.path("spec").path("subdomain").asText("");
        return !host.isEmpty() && sub.equals(Meta.name(svc)) ? host : null;
    }

    /** The legacy Endpoints subsets: addresses grouped by their port list, ready and not-ready apart. */
    static ArrayNode subsets(JsonNode svc, List<Endpoint> endpoints) {
        Map<String, ObjectNode> byPorts = new LinkedHashMap<>();
        List<Endpoint> sorted = new ArrayList<>(endpoints);
        sorted.sort(Comparator.comparing(Endpoint::ip));
        boolean portless = headless(svc) && svc.path("spec").path("ports").isEmpty();
        for (Endpoint e : sorted) {
            if (e.ports().isEmpty() && !portless) {
                continue;
            }
            ObjectNode subset = byPorts.computeIfAbsent(e.portKey(), k -> {
                ObjectNode s = Meta.MAPPER.createObjectNode();
                if (!e.ports().isEmpty()) {
                    ArrayNode ports = s.putArray("ports");
                    e.ports().forEach(p -> ports.add(p.deepCopy()));
                }
                return s;
            });
            ObjectNode addr = Meta.MAPPER.createObjectNode().put("ip", e.ip());
            String host = hostname(svc, e.pod());
            if (host != null) {
                addr.put("hostname", host);
            }
            if (!Pods.nodeName(e.pod()).isEmpty()) {
                addr.put("nodeName", Pods.nodeName(e.pod()));
            }
            addr.set("targetRef", targetRef(e.pod()));
            Meta.arr(subset, e.ready() ? "addresses" : "notReadyAddresses").add(addr);
        }
        ArrayNode out = Meta.MAPPER.createArrayNode();
        byPorts.values().forEach(out::add);
        return out;
    }
}
