package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a created Service's clusterIP, clusterIPs, ipFamilyPolicy and ipFamilies come out on single-stack IPv4,
 * IPv6-only and dual-stack clusters, or which 422 upstream answers: one row per case, through the real write path.
 */
class IpFamilyMatrixTest {

    static final String DUAL = "10.43.0.0/16,fd00:43::/112";
    static final String DUAL6 = "fd00:43::/112,10.43.0.0/16";
    static final String V4 = "10.43.0.0/16";
    static final String V6 = "fd00:43::/112";

    @TempDir
    Path dir;

    /** A row that succeeds: the policy, the families, and the families of the allocated addresses ("None" for headless). */
    static Arguments ok(String cluster, String spec, String policy, String families, String addresses) {
        return arguments(cluster, spec, policy, families, addresses, null);
    }

    static Arguments refused(String cluster, String spec, String message) {
        return arguments(cluster, spec, null, null, null, message);
    }

    static Stream<Arguments> rows() {
        String sel = "'selector':{'app':'a'},'ports':[{'port':80}]";
        return Stream.of(
                // single-stack IPv4: exactly as before dual-stack existed
                ok(V4, "{" + sel + "}", "SingleStack", "IPv4", "IPv4"),
                ok(V4, "{'ipFamilyPolicy':'PreferDualStack'," + sel + "}", "PreferDualStack", "IPv4", "IPv4"),
                refused(V4, "{'ipFamilyPolicy':'RequireDualStack'," + sel + "}",
                        "spec.ipFamilyPolicy: Invalid value: \"RequireDualStack\": this cluster is not configured for dual-stack services"),
                refused(V4, "{'ipFamilies':['IPv6']," + sel + "}",
                        "spec.ipFamilies[0]: Invalid value: \"IPv6\": not configured on this cluster"),
                refused(V4, "{'clusterIP':'fd00:43::5'," + sel + "}",
                        "spec.clusterIPs[0]: Invalid value: []string{\"fd00:43::5\"}: IPv6 is not configured on this cluster"),
                ok(V4, "{'clusterIP':'None','ports':[{'port':80}]}", "RequireDualStack", "IPv4,IPv6", "None"),
                ok(V4, "{'clusterIP':'None','ipFamilyPolicy':'SingleStack','ports':[{'port':80}]}", "SingleStack", "IPv4", "None"),
                ok(V4, "{'clusterIP':'None'," + sel + "}", "SingleStack", "IPv4", "None"),
                ok(V4, "{'clusterIP':'None','ipFamilies':['IPv6','IPv4'],'ipFamilyPolicy':'PreferDualStack','ports':[{'port':80}]}",
                        "PreferDualStack", "IPv6,IPv4", "None"),
                // IPv6 only
                ok(V6, "{" + sel + "}", "SingleStack", "IPv6", "IPv6"),
                ok(V6, "{'ipFamilyPolicy':'PreferDualStack'," + sel + "}", "PreferDualStack", "IPv6", "IPv6"),
                refused(V6, "{'clusterIP':'10.43.0.5'," + sel + "}",
                        "spec.clusterIPs[0]: Invalid value: []string{\"10.43.0.5\"}: IPv4 is not configured on this cluster"),
                refused(V6, "{'ipFamilies':['IPv4']," + sel + "}",
                        "spec.ipFamilies[0]: Invalid value: \"IPv4\": not configured on this cluster"),
                // dual-stack, IPv4 primary
                ok(DUAL, "{" + sel + "}", "SingleStack", "IPv4", "IPv4"),
                ok(DUAL, "{'ipFamilyPolicy':'PreferDualStack'," + sel + "}", "PreferDualStack", "IPv4,IPv6", "IPv4,IPv6"),
                ok(DUAL, "{'ipFamilyPolicy':'RequireDualStack'," + sel + "}", "RequireDualStack", "IPv4,IPv6", "IPv4,IPv6"),
                ok(DUAL, "{'ipFamilies':['IPv6']," + sel + "}", "SingleStack", "IPv6", "IPv6"),
                ok(DUAL, "{'ipFamilyPolicy':'PreferDualStack','ipFamilies':['IPv6']," + sel + "}", "PreferDualStack",
                        "IPv6,IPv4", "IPv6,IPv4"),
                ok(DUAL, "{'clusterIP':'fd00:43::77','ipFamilyPolicy':'RequireDualStack'," + sel + "}", "RequireDualStack",
                        "IPv6,IPv4", "IPv6,IPv4"),
                ok(DUAL, "{'clusterIP':'10.43.0.50','clusterIPs':['10.43.0.50','fd00:43::50'],'ipFamilyPolicy':'PreferDualStack',"
                        + sel + "}", "PreferDualStack", "IPv4,IPv6", "IPv4,IPv6"),
                ok(DUAL, "{'clusterIP':'None','ports':[{'port':80}]}", "RequireDualStack", "IPv4,IPv6", "None"),
                ok(DUAL, "{'clusterIP':'None','ipFamilyPolicy':'PreferDualStack'," + sel + "}", "PreferDualStack",
                        "IPv4,IPv6", "None"),
                ok(DUAL6, "{" + sel + "}", "SingleStack", "IPv6", "IPv6"),
                ok(DUAL6, "{'ipFamilyPolicy':'PreferDualStack'," + sel + "}", "PreferDualStack", "IPv6,IPv4", "IPv6,IPv4"),
                ok(DUAL, "{'type':'ExternalName','externalName':'example.com'}", null, "", ""),
                refused(DUAL, "{'clusterIP':'10.43.0.50','clusterIPs':['10.43.0.50','fd00:43::50']," + sel + "}",
                        "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' "
                                + "when multiple cluster IPs are specified"),
                refused(DUAL, "{'ipFamilyPolicy':'SingleStack','ipFamilies':['IPv4','IPv6']," + sel + "}",
                        "spec.ipFamilyPolicy: Invalid value: \"SingleStack\": must be 'RequireDualStack' or 'PreferDualStack' "
                                + "when multiple IP families are specified"),
                refused(DUAL, "{'ipFamilies':['IPv4','IPv4'],'ipFamilyPolicy':'PreferDualStack'," + sel + "}",
                        "spec.ipFamilies[1]: Duplicate value: \"IPv4\""),
                refused(DUAL, "{'ipFamilies':['IPv5']," + sel + "}",
                        "spec.ipFamilies[0]: Unsupported value: \"IPv5\": supported values: \"IPv4\", \"IPv6\""),
                refused(DUAL, "{'ipFamilyPolicy':'Dual'," + sel + "}", "spec.ipFamilyPolicy: Unsupported value: \"Dual\": "
                        + "supported values: \"PreferDualStack\", \"RequireDualStack\", \"SingleStack\""),
                refused(DUAL, "{'clusterIP':'10.43.0.5','clusterIPs':['10.43.0.5','10.43.0.6'],'ipFamilyPolicy':'RequireDualStack',"
                        + sel + "}", "spec.clusterIPs: Invalid value: []string{\"10.43.0.5\", \"10.43.0.6\"}: may specify no more "
                        + "than one IP for each IP family"),
                refused(DUAL, "{'clusterIP':'10.43.0.5','clusterIPs':['10.43.0.5','fd00:43::5','10.43.0.6'],"
                        + "'ipFamilyPolicy':'RequireDualStack'," + sel + "}", "spec.clusterIPs: Invalid value: []string{\"10.43.0.5\", "
                        + "\"fd00:43::5\", \"10.43.0.6\"}: may only hold up to 2 values"),
                refused(DUAL, "{'clusterIP':'fd00:43::5','ipFamilies':['IPv4']," + sel + "}",
                        "spec.clusterIPs[0]: Invalid value: \"fd00:43::5\": expected an IPv4 value as indicated by `ipFamilies[0]`"),
                refused(DUAL, "{'clusterIP':'10.43.0.5','clusterIPs':['10.43.0.6']," + sel + "}",
                        "spec.clusterIPs: Invalid value: []string{\"10.43.0.6\"}: first value must match `clusterIP`"),
                refused(DUAL, "{'clusterIPs':['10.43.0.6']," + sel + "}",
                        "spec.clusterIPs: Invalid value: []string{\"10.43.0.6\"}: must be empty when `clusterIP` is not specified"),
                refused(DUAL, "{'clusterIP':'None','clusterIPs':['None','10.43.0.5'],'ipFamilyPolicy':'RequireDualStack'," + sel + "}",
                        "spec.clusterIPs: Invalid value: []string{\"None\", \"10.43.0.5\"}: 'None' must be the first and only value"),
                refused(DUAL, "{'clusterIP':'10.43.0.5','clusterIPs':['10.43.0.5','x'],'ipFamilyPolicy':'RequireDualStack'," + sel + "}",
                        "spec.clusterIPs[1]: Invalid value: \"x\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)"),
                refused(DUAL, "{'type':'ExternalName','externalName':'example.com','ipFamilyPolicy':'PreferDualStack'}",
                        "spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services"),
                refused(DUAL, "{'type':'NodePort','clusterIP':'None','ipFamilyPolicy':'PreferDualStack'," + sel + "}",
                        "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("rows")
    void createdServicesFamilies(String cluster, String spec, String policy, String families, String addresses,
                                 String message) {
        try (ServiceFixture f = new ServiceFixture(dir, cluster, "30000-32767")) {
            HttpResponse<String> r = f.create("s", spec);
            if (message != null) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(RestHarnessText.message(r)).isEqualTo("Service \"s\" is invalid: " + message);
                assertThat(f.ipAddresses()).as("nothing claimed").isEmpty();
                return;
            }
            JsonNode s = ServiceFixture.ok(r).get("spec");
            assertThat(s.path("ipFamilyPolicy").isMissingNode() ? null : s.path("ipFamilyPolicy").asText()).isEqualTo(policy);
            assertThat(String.join(",", texts(s.path("ipFamilies")))).isEqualTo(families);
            List<String> ips = texts(s.path("clusterIPs"));
            List<String> shown = ips.stream().map(ip -> ip.equals("None") ? "None" : ip.contains(":") ? "IPv6" : "IPv4").toList();
            assertThat(String.join(",", shown)).isEqualTo(addresses);
            if (!ips.isEmpty()) {
                assertThat(s.path("clusterIP").asText()).isEqualTo(ips.getFirst());
            }
            List<String> allocated = ips.stream().filter(ip -> !ip.equals("None")).toList();
            assertThat(f.ipAddresses()).containsExactlyInAnyOrderElementsOf(allocated);
            for (String ip : allocated) {
                assertThat(f.ipAddress(ip).at("/metadata/labels/ipaddress.kubernetes.io~1ip-family").asText())
                        .isEqualTo(ip.contains(":") ? "IPv6" : "IPv4");
            }
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
