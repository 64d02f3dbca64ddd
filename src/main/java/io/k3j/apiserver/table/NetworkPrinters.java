package io.k3j.apiserver.table;

import static io.k3j.apiserver.table.Fields.text;
import static io.k3j.apiserver.table.Format.NONE;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.table.Printer.Field;
import java.util.ArrayList;
import java.util.List;

/** Endpoints, EndpointSlices and networking.k8s.io kinds. Address lists stop at three entries, like upstream. */
final class NetworkPrinters {

    private static final int MAX = 3;

    private NetworkPrinters() {
    }

    static Printer endpoints() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Endpoints", "Endpoints of the service."), NetworkPrinters::endpointList),
                Field.age());
    }

    static Printer endpointSlice() {
        return Printer.of(Field.name(),
                Field.of(Column.string("AddressType", "Type of address carried by this EndpointSlice."),
                        o -> text(o, "addressType")),
                Field.of(Column.string("Ports", "Network ports exposed by the endpoints in this slice."),
                        NetworkPrinters::slicePorts),
                Field.of(Column.string("Endpoints", "Unique set of addresses in this slice."),
                        NetworkPrinters::sliceAddresses),
                Field.age());
    }

    static Printer ingress() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Class", "The name of the IngressClass cluster resource."),
                        o -> Format.orDefault(text(o, "spec", "ingressClassName"), NONE)),
                Field.of(Column.string("Hosts", "Hosts that incoming requests are matched against."),
                        NetworkPrinters::hosts),
                Field.of(Column.string("Address", "Address is a list of IPs or hostnames of the load balancer."),
                        o -> String.join(",", ServicePrinter.loadBalancerAddresses(o.path("status").path("loadBalancer")))),
                Field.of(Column.string("Ports", "Ports of TLS configurations that open"),
                        o -> Fields.size(o, "spec", "tls") > 0 ? "80, 443" : "80"),
                Field.age());
    }

    static Printer ingressClass() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Controller", "Controller that is responsible for handling this class"),
                        o -> text(o, "spec", "controller")),
                Field.of(Column.string("Parameters", "A reference to a resource with additional parameters"),
                        NetworkPrinters::ingressClassParameters),
                Field.age());
    }

    static Printer networkPolicy() {
        return Printer.of(Field.name(),
                Field.of(Column.string("Pod-Selector", "Selects the pods to which this NetworkPolicy applies."),
                        o -> Format.labelSelector(o.path("spec").path("podSelector"))),
                Field.age());
    }

    static Printer serviceCidr() {
        return Printer.of(Field.name(),
                Field.of(Column.string("CIDRs", "CIDRs of this ServiceCIDR."),
                        o -> String.join(",", Format.strings(o.path("spec").path("cidrs")))),
                Field.age());
    }

    /** Upstream declares no Age column for IPAddress but still sends the age cell; kubectl ignores extra cells. */
    static Printer ipAddress() {
        Printer full = Printer.of(Field.name(),
                Field.of(Column.string("ParentRef", "The object this IP address is allocated to."),
                        NetworkPrinters::parentRef),
                Field.age());
        List<Column> declared = full.columns().subList(0, 2);
        return new Printer() {
            @Override
            public List<Column> columns() {
                return declared;
            }

            @Override
            public List<Object> cells(JsonNode object, java.time.Instant now) {
                return full.cells(object, now);
            }
        };
    }

    private static String endpointList(JsonNode ep) {
        List<JsonNode> subsets = Fields.items(ep, "subsets");
        if (subsets.isEmpty()) {
            return NONE;
        }
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = Fields.items(ss, "addresses");
            List<JsonNode> ports = Fields.items(ss, "ports");
            if (ports.isEmpty()) { // headless services may have no ports
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == MAX) {
                        break;
                    }
                    list.add(text(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == MAX) {
                        break;
                    }
                    list.add(Format.hostPort(text(a, "ip"), port.path("port").asLong()));
                }
            }
        }
        return Format.withMore(list, count, MAX);
    }

    private static String slicePorts(JsonNode slice) {
        List<String> list = new ArrayList<>();
        List<JsonNode> ports = Fields.items(slice, "ports");
        for (JsonNode p : ports) {
            if (list.size() < MAX) {
                list.add(Fields.present(p.path("port")) ? String.valueOf(p.path("port").asLong())
                        : Fields.present(p.path("name")) ? text(p, "name") : "*");
            }
        }
        return unsetIfEmpty(Format.withMore(list, ports.size(), MAX));
    }

    private static String sliceAddresses(JsonNode slice) {
        List<String> list = new ArrayList<>();
        int count = 0;
        for (JsonNode e : Fields.items(slice, "endpoints")) {
            for (JsonNode a : e.path("addresses")) {
                if (list.size() < MAX) {
                    list.add(a.asText());
                }
                count++;
            }
        }
        return unsetIfEmpty(Format.withMore(list, count, MAX));
    }

    private static String unsetIfEmpty(String s) {
        return s.isEmpty() ? Format.UNSET : s;
    }

    private static String hosts(JsonNode ingress) {
        List<JsonNode> rules = Fields.items(ingress, "spec", "rules");
        List<String> list = new ArrayList<>();
        for (JsonNode r : rules) {
            if (list.size() == MAX) {
                break;
            }
            if (!text(r, "host").isEmpty()) {
                list.add(text(r, "host"));
            }
        }
        if (list.isEmpty()) {
            return "*";
        }
        // Upstream stops after three hosts and counts the remaining rules, with or without a host.
        boolean more = list.size() == MAX && rules.size() > rulesUpToThirdHost(rules);
        return more ? String.join(",", list) + " + " + (rules.size() - MAX) + " more..." : String.join(",", list);
    }

    private static int rulesUpToThirdHost(List<JsonNode> rules) {
        int hosts = 0;
        for (int i = 0; i < rules.size(); i++) {
            if (!text(rules.get(i), "host").isEmpty() && ++hosts == MAX) {
                return i + 1;
            }
        }
        return rules.size();
    }

    private static String ingressClassParameters(JsonNode ic) {
        JsonNode p = ic.path("spec").path("parameters");
        if (!p.isObject()) {
            return NONE;
        }
        String kind = text(p, "kind");
        if (Fields.present(p.path("apiGroup"))) {
            kind = kind + "." + text(p, "apiGroup");
        }
        return kind + "/" + text(p, "name");
    }

    private static String parentRef(JsonNode ip) {
        JsonNode ref = ip.path("spec").path("parentRef");
        if (!ref.isObject()) {
            return NONE;
        }
        String group = text(ref, "group");
        String gr = group.isEmpty() ? text(ref, "resource") : text(ref, "resource") + "." + group;
        String ns = text(ref, "namespace");
        return gr.toLowerCase() + (ns.isEmpty() ? "" : "/" + ns) + "/" + text(ref, "name");
    }
}
