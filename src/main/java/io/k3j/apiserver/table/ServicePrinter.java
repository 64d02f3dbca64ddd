package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Format.NONE;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Service rows: EXTERNAL-IP depends on the type; a LoadBalancer without ingress yet is {@code <pending>}. */
final class ServicePrinter implements Printer {

    private static final List<Column> COLUMNS = List.of(
            Column.objectName(),
            Column.string("Type", "Determines how the Service is exposed."),
            Column.string("Cluster-IP", "The IP address of the service inside the cluster."),
            Column.string("External-IP", "Addresses the service is reachable at from outside the cluster."),
            Column.string("Port(s)", "The list of ports that are exposed by this service."),
            Column.age(),
            Column.string("Selector", "Route service traffic to pods with label keys and values matching this "
                    + "selector.").wide());

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<Object> cells(JsonNode svc, Instant now) {
        JsonNode spec = svc.path("spec");
        String ports = ports(spec.path("ports"));
        return List.of(
                Fields.text(svc, "metadata", "name"),
                Fields.text(spec, "type"),
                clusterIp(spec),
                externalIp(svc),
                ports.isEmpty() ? NONE : ports,
                Format.age(svc.path("metadata").path("creationTimestamp"), now),
                Format.labels(spec.path("selector")));
    }

    /** clusterIPs[0]; like upstream's v1-to-internal conversion, an empty list is filled from clusterIP. */
    private static String clusterIp(JsonNode spec) {
        String ip = Fields.text(spec.path("clusterIPs").path(0));
        return Format.orDefault(ip.isEmpty() ? Fields.text(spec, "clusterIP") : ip, NONE);
    }

    private static String externalIp(JsonNode svc) {
        JsonNode spec = svc.path("spec");
        List<String> externalIps = Format.strings(spec.path("externalIPs"));
        return switch (Fields.text(spec, "type")) {
            case "ClusterIP", "NodePort" -> externalIps.isEmpty() ? NONE : String.join(",", externalIps);
            case "LoadBalancer" -> {
                List<String> all = new ArrayList<>(loadBalancerAddresses(svc.path("status").path("loadBalancer")));
                all.addAll(externalIps);
                yield all.isEmpty() ? "<pending>" : String.join(",", all);
            }
            case "ExternalName" -> Fields.text(spec, "externalName");
            default -> Format.UNKNOWN;
        };
    }

    /** Ingress IPs (or hostnames where there is no IP), de-duplicated and sorted, as upstream's string set does. */
    static List<String> loadBalancerAddresses(JsonNode loadBalancerStatus) {
        TreeSet<String> set = new TreeSet<>();
        for (JsonNode ingress : Fields.items(loadBalancerStatus, "ingress")) {
            String ip = Fields.text(ingress, "ip");
            String host = Fields.text(ingress, "hostname");
            if (!ip.isEmpty()) {
                set.add(ip);
            } else if (!host.isEmpty()) {
                set.add(host);
            }
        }
        return List.copyOf(set);
    }

    private static String ports(JsonNode ports) {
        List<String> out = new ArrayList<>();
        for (JsonNode p : ports) {
            String protocol = Format.orDefault(Fields.text(p, "protocol"), "TCP");
            long nodePort = p.path("nodePort").asLong(0);
            long port = p.path("port").asLong();
            out.add(nodePort > 0 ? port + ":" + nodePort + "/" + protocol : port + "/" + protocol);
        }
        return String.join(",", out);
    }
}
