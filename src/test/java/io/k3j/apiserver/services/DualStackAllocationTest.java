package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static io.k3j.apiserver.services.ServiceFixture.SERVICES;
import static io.k3j.apiserver.services.ServiceFixture.ok;
import static io.k3j.store.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cluster IPs on a dual-stack cluster: one address per family, each an IPAddress object, released on every path;
 * one family running out; upgrades to and downgrades from dual-stack on update, with upstream's texts.
 */
class DualStackAllocationTest {

    @TempDir
    Path dir;
    ServiceFixture f;

    @BeforeEach
    void setUp() {
        // the IPv6 network has 7 addresses (fd00:43::1 - fd00:43::7), none in a static band
        f = new ServiceFixture(dir, "10.43.0.0/16,fd00:43::/125", "30000-32767");
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    static List<String> ips(JsonNode svc) {
        return IpFamilyMatrixTest.texts(svc.at("/spec/clusterIPs"));
    }

    JsonNode get(String name) {
        return ok(f.rest.call("GET", SERVICES + "/" + name, null));
    }

    @Test
    void bothAddressesAreClaimedAndReleasedTogether() {
        JsonNode svc = f.created("d", "{'ipFamilyPolicy':'RequireDualStack','selector':{'a':'b'},'ports':[{'port':80}]}");
        List<String> ips = ips(svc);
        assertThat(ips).hasSize(2);
        assertThat(ips.get(0)).startsWith("10.43.");
        assertThat(ips.get(1)).matches("fd00:43::[1-7]");
        assertThat(f.ipAddresses()).containsExactlyInAnyOrderElementsOf(ips);
        assertThat(f.ipAddress(ips.get(1)).at("/spec/parentRef/name").asText()).isEqualTo("d");
        ok(f.delete("d"));
        assertThat(f.ipAddresses()).isEmpty();
    }

    @Test
    void aRequestedSecondaryAddressThatIsTakenRefusesTheCreateAndGivesThePrimaryBack() {
        f.created("a", "{'clusterIP':'fd00:43::5','ports':[{'port':80}]}");
        HttpResponse<String> r = f.create("b", "{'ipFamilyPolicy':'RequireDualStack','clusterIP':'10.43.0.9',"
                + "'clusterIPs':['10.43.0.9','fd00:43::5'],'ports':[{'port':80}]}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(r)).isEqualTo("Service \"b\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"10.43.0.9\", \"fd00:43::5\"}: failed to allocate IP fd00:43::5: provided IP is already allocated");
        assertThat(f.ipAddresses()).containsExactly("fd00:43::5");
        // a requested primary and a dynamic secondary: the list in the message shows the marker, as upstream's
        HttpResponse<String> outside = f.create("c", "{'ipFamilyPolicy':'PreferDualStack','clusterIP':'10.44.0.1',"
                + "'ports':[{'port':80}]}");
        assertThat(RestHarnessText.message(outside)).isEqualTo("Service \"c\" is invalid: spec.clusterIPs: Invalid value: "
                + "[]string{\"10.44.0.1\", \"\"}: failed to allocate IP 10.44.0.1: the provided IP (10.44.0.1) is not in the "
                + "valid range. The range of valid IPs is 10.43.0.0/16");
        assertThat(f.ipAddresses()).containsExactly("fd00:43::5");
    }

    @Test
    void whenOneFamilyIsFullDualStackCreatesFailAndSingleStackOnesOfTheOtherFamilyStillWork() {
        for (int i = 0; i < 7; i++) {
            f.created("s" + i, "{'ipFamilyPolicy':'PreferDualStack','ports':[{'port':80}]}");
        }
        assertThat(f.ipAddresses()).hasSize(14);
        for (String policy : new String[]{"PreferDualStack", "RequireDualStack"}) {
            HttpResponse<String> full = f.create("full", "{'ipFamilyPolicy':'" + policy + "','ports':[{'port':80}]}");
            assertThat(full.statusCode()).isEqualTo(500);
            assertThat(RestHarnessText.message(full)).isEqualTo("Internal error occurred: failed to allocate a serviceIP: range is full");
            assertThat(f.ipAddresses()).as("the IPv4 address of the refused create went back").hasSize(14);
        }
        HttpResponse<String> v6 = f.create("v6", "{'ipFamilies':['IPv6'],'ports':[{'port':80}]}");
        assertThat(v6.statusCode()).isEqualTo(500);
        assertThat(ips(f.created("v4", "{'ports':[{'port':80}]}"))).hasSize(1);
        // a released IPv6 address is handed out again
        String freed = ips(get("s3")).get(1);
        ok(f.delete("s3"));
        assertThat(ips(f.created("again", "{'ipFamilyPolicy':'RequireDualStack','ports':[{'port':80}]}")).get(1))
                .isEqualTo(freed);
    }

    @Test
    void aDryRunShowsBothFamiliesAndClaimsNothing() {
        JsonNode dry = ok(f.rest.call("POST", SERVICES + "?dryRun=All", """
                {"metadata":{"name":"dry"},"spec":{"ipFamilyPolicy":"PreferDualStack","ports":[{"port":80}]}}"""));
        assertThat(ips(dry)).containsExactly("10.43.0.0", "fd00:43::");
        assertThat(dry.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\",\"IPv6\"]");
        assertThat(f.ipAddresses()).isEmpty();
        String ip = f.created("s", "{'ports':[{'port':80}]}").at("/spec/clusterIP").asText();
        JsonNode upgraded = ok(f.rest.call("PATCH", SERVICES + "/s?dryRun=All",
                "{\"spec\":{\"ipFamilyPolicy\":\"PreferDualStack\"}}", "application/merge-patch+json"));
        assertThat(ips(upgraded)).containsExactly(ip, "fd00:43::");
        assertThat(f.ipAddresses()).containsExactly(ip);
    }

    @Test
    void upgradeToDualStackAndDowngradeBack() {
        JsonNode svc = f.created("u", "{'selector':{'a':'b'},'ports':[{'port':80}]}");
        String primary = svc.at("/spec/clusterIP").asText();
        JsonNode up = ok(f.patch("u", "{'spec':{'ipFamilyPolicy':'PreferDualStack'}}"));
        assertThat(ips(up)).hasSize(2).startsWith(primary);
        assertThat(up.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\",\"IPv6\"]");
        String secondary = ips(up).get(1);
        assertThat(f.ipAddresses()).containsExactlyInAnyOrder(primary, secondary);

        // dropping the secondary address needs SingleStack
        HttpResponse<String> reduced = f.patch("u", "{'spec':{'clusterIPs':['" + primary + "']}}");
        assertThat(reduced.statusCode()).isEqualTo(422);
        assertThat(RestHarnessText.message(reduced)).isEqualTo("Service \"u\" is invalid: spec.ipFamilyPolicy: Invalid value: "
                + "\"PreferDualStack\": must be 'SingleStack' to release the secondary cluster IP");
        // the primary family never changes
        HttpResponse<String> swapped = f.patch("u", "{'spec':{'clusterIP':'" + secondary + "','clusterIPs':['" + secondary
                + "','" + primary + "'],'ipFamilies':['IPv6','IPv4']}}");
        assertThat(RestHarnessText.message(swapped)).isEqualTo("Service \"u\" is invalid: [spec.clusterIPs[0]: Invalid value: "
                + "[]string{\"" + secondary + "\", \"" + primary + "\"}: may not change once set, spec.clusterIPs[1]: Invalid "
                + "value: []string{\"" + secondary + "\", \"" + primary + "\"}: may not change once set, spec.ipFamilies[0]: "
                + "Invalid value: []core.IPFamily{\"IPv6\", \"IPv4\"}: may not change once set]");

        // SingleStack with the fields as they are: the secondary address goes once the update is stored
        JsonNode down = ok(f.patch("u", "{'spec':{'ipFamilyPolicy':'SingleStack'}}"));
        assertThat(ips(down)).containsExactly(primary);
        assertThat(down.at("/spec/ipFamilies").toString()).isEqualTo("[\"IPv4\"]");
        assertThat(f.ipAddresses()).containsExactly(primary);
    }

    @Test
    void aReplaceWithoutTheIpFieldsKeepsADualStackService() {
        JsonNode svc = f.created("r", "{'ipFamilyPolicy':'RequireDualStack','selector':{'a':'b'},'ports':[{'port':80}]}");
        String rv = svc.at("/metadata/resourceVersion").asText();
        // kubectl replace of the original manifest: no ipFamilyPolicy, no clusterIP(s); upstream keeps both addresses
        JsonNode replaced = ok(f.rest.call("PUT", SERVICES + "/r", """
                {"metadata":{"name":"r","resourceVersion":"%s"},"spec":{"selector":{"a":"c"},"ports":[{"port":80}]}}"""
                .formatted(rv)));
        assertThat(ips(replaced)).isEqualTo(ips(svc));
        assertThat(replaced.at("/spec/ipFamilyPolicy").asText()).isEqualTo("RequireDualStack");
        assertThat(replaced.at("/spec/ipFamilies")).isEqualTo(svc.at("/spec/ipFamilies"));
        assertThat(f.ipAddresses()).containsExactlyInAnyOrderElementsOf(ips(svc));
    }

    @Test
    void toExternalNameReleasesBothAndBackFollowsTheNewPolicy() {
        f.created("t", "{'ipFamilyPolicy':'PreferDualStack','ports':[{'port':80}]}");
        JsonNode ext = ok(f.patch("t", "{'spec':{'type':'ExternalName','externalName':'example.com'}}"));
        assertThat(ext.at("/spec").has("clusterIPs")).isFalse();
        assertThat(ext.at("/spec").has("ipFamilyPolicy")).isFalse();
        assertThat(f.ipAddresses()).isEmpty();
        JsonNode back = ok(f.patch("t", "{'spec':{'type':'ClusterIP','externalName':null,'ipFamilyPolicy':'RequireDualStack'}}"));
        assertThat(ips(back)).hasSize(2);
        assertThat(f.ipAddresses()).containsExactlyInAnyOrderElementsOf(ips(back));
    }

    @Test
    void theRepairPassRestoresASecondaryAddressAndTheDefaultServiceCidrListsBothNetworks() {
        JsonNode svc = f.created("s", "{'ipFamilyPolicy':'RequireDualStack','ports':[{'port':80}]}");
        String secondary = ips(svc).get(1);
        await(f.rest.store.delete(IpAddressObjects.key(secondary), 0));
        assertThat(await(f.allocators.repairOnce()).ipsCreated()).isEqualTo(1);
        assertThat(f.ipAddress(secondary).at("/metadata/labels/ipaddress.kubernetes.io~1ip-family").asText()).isEqualTo("IPv6");
        JsonNode cidr = ok(f.rest.call("GET", "/apis/networking.k8s.io/v1/servicecidrs/kubernetes", null));
        assertThat(cidr.at("/spec/cidrs").toString()).isEqualTo("[\"10.43.0.0/16\",\"fd00:43::/125\"]");
    }
}
