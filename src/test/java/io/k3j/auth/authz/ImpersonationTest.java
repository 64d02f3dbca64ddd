package io.k3j.auth.authz;

import io.k3j.auth.UserInfo;
import io.k3j.auth.rbac.Attributes;
import io.k3j.auth.rbac.Decision;
import io.k3j.auth.rbac.ForbiddenMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ImpersonationTest {

    static final UserInfo IVAN = new UserInfo("ivan", List.of(UserInfo.AUTHENTICATED));

    /** Allows exactly the listed "resource/name" impersonations (subresource joined for userextras) and records asks. */
    static final class Recorder implements AttributesAuthorizer {
        final Set<String> allowed;
        final List<String> asked = new ArrayList<>();

        Recorder(String... allowed) {
            this.allowed = Set.of(allowed);
        }

        @Override
        public Decision authorize(UserInfo user, Attributes a) {
            String res = a.subresource().isEmpty() ? a.resource() : a.resource() + "/" + a.subresource();
            String what = a.verb() + " " + a.apiGroup() + ":" + res + ":" + a.namespace() + "/" + a.name();
            asked.add(what);
            return new Decision(allowed.contains(what), "");
        }
    }

    static List<Map.Entry<String, String>> headers(String... kv) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.add(Map.entry(kv[i], kv[i + 1]));
        }
        return out;
    }

    @Test
    void noHeadersMeansNoImpersonation() {
        assertThat(Impersonation.resolve(IVAN, headers("Accept", "application/json"), new Recorder()))
                .isInstanceOf(Impersonation.None.class);
    }

    @Test
    void aUserWithGroupsExtraAndUidIsCheckedPartByPartInUpstreamOrder() {
        Recorder r = new Recorder("impersonate :users:/bob", "impersonate :groups:/devs", "impersonate :groups:/ops",
                "impersonate authentication.k8s.io:userextras/scopes:/view", "impersonate authentication.k8s.io:uids:/1234");
        var out = Impersonation.resolve(IVAN, headers("impersonate-uid", "1234", "Impersonate-Group", "devs",
                "Impersonate-User", "bob", "Impersonate-Extra-Scopes", "view", "Impersonate-Group", "ops"), r);
        assertThat(r.asked).containsExactly("impersonate :users:/bob", "impersonate :groups:/devs",
                "impersonate :groups:/ops", "impersonate authentication.k8s.io:userextras/scopes:/view",
                "impersonate authentication.k8s.io:uids:/1234");
        UserInfo bob = ((Impersonation.Impersonated) out).user();
        assertThat(bob.name()).isEqualTo("bob");
        assertThat(bob.groups()).containsExactly("devs", "ops", UserInfo.AUTHENTICATED);
        assertThat(bob.extra()).containsEntry("scopes", List.of("view"));
        assertThat(bob.uid()).isEqualTo("1234");
    }

    @Test
    void theFirstRefusedPartEndsItWithUpstreamsMessage() {
        Recorder r = new Recorder("impersonate :users:/bob");
        var out = Impersonation.resolve(IVAN, headers("Impersonate-User", "bob", "Impersonate-Group", "system:masters",
                "Impersonate-Uid", "7"), r);
        var denied = (Impersonation.Denied) out;
        assertThat(r.asked).hasSize(2);
        assertThat(ForbiddenMessage.of("ivan", denied.attributes(), denied.reason())).isEqualTo(
                "groups \"system:masters\" is forbidden: User \"ivan\" cannot impersonate resource \"groups\" in API "
                        + "group \"\" at the cluster scope");

        var user = (Impersonation.Denied) Impersonation.resolve(IVAN, headers("Impersonate-User", "alice"), new Recorder());
        assertThat(ForbiddenMessage.of("ivan", user.attributes(), "")).isEqualTo(
                "users \"alice\" is forbidden: User \"ivan\" cannot impersonate resource \"users\" in API group \"\" at the "
                        + "cluster scope");
        var extra = (Impersonation.Denied) Impersonation.resolve(IVAN, headers("Impersonate-User", "bob",
                "Impersonate-Extra-Scopes", "admin"), new Recorder("impersonate :users:/bob"));
        assertThat(ForbiddenMessage.of("ivan", extra.attributes(), "")).isEqualTo(
                "userextras.authentication.k8s.io \"admin\" is forbidden: User \"ivan\" cannot impersonate resource "
                        + "\"userextras/scopes\" in API group \"authentication.k8s.io\" at the cluster scope");
    }

    @Test
    void aServiceAccountIsCheckedInItsNamespaceAndGetsItsGroups() {
        Recorder r = new Recorder("impersonate :serviceaccounts:team-a/builder");
        var out = (Impersonation.Impersonated) Impersonation.resolve(IVAN,
                headers("Impersonate-User", "system:serviceaccount:team-a:builder"), r);
        assertThat(out.user().name()).isEqualTo("system:serviceaccount:team-a:builder");
        assertThat(out.user().groups()).containsExactly("system:serviceaccounts", "system:serviceaccounts:team-a",
                UserInfo.AUTHENTICATED);

        var denied = (Impersonation.Denied) Impersonation.resolve(IVAN,
                headers("Impersonate-User", "system:serviceaccount:team-b:x"), r);
        assertThat(ForbiddenMessage.of("ivan", denied.attributes(), "")).isEqualTo(
                "serviceaccounts \"x\" is forbidden: User \"ivan\" cannot impersonate resource \"serviceaccounts\" in API "
                        + "group \"\" in the namespace \"team-b\"");

        // With explicit groups, the ServiceAccount's own groups are not added (as upstream).
        Recorder withGroup = new Recorder("impersonate :serviceaccounts:team-a/builder", "impersonate :groups:/g");
        var grouped = (Impersonation.Impersonated) Impersonation.resolve(IVAN,
                headers("Impersonate-User", "system:serviceaccount:team-a:builder", "Impersonate-Group", "g"), withGroup);
        assertThat(grouped.user().groups()).containsExactly("g", UserInfo.AUTHENTICATED);
    }

    @Test
    void implicitGroupsFollowUpstream() {
        Recorder all = new Recorder("impersonate :users:/system:anonymous", "impersonate :users:/bob",
                "impersonate :groups:/system:unauthenticated");
        var anon = (Impersonation.Impersonated) Impersonation.resolve(IVAN, headers("Impersonate-User", "system:anonymous"), all);
        assertThat(anon.user().groups()).containsExactly(UserInfo.UNAUTHENTICATED);
        var unauth = (Impersonation.Impersonated) Impersonation.resolve(IVAN,
                headers("Impersonate-User", "bob", "Impersonate-Group", "system:unauthenticated"), all);
        assertThat(unauth.user().groups()).containsExactly(UserInfo.UNAUTHENTICATED);
    }

    @Test
    void groupsWithoutAUserAreMalformed() {
        var out = Impersonation.resolve(IVAN, headers("Impersonate-Group", "devs", "Impersonate-Extra-Scopes", "x"),
                new Recorder());
        assertThat(((Impersonation.Malformed) out).message()).isEqualTo(
                "requested [{Group  devs    } {UserExtra  x  authentication.k8s.io/v1  scopes}] without impersonating a user");
    }

    @Test
    void extraKeysArePercentDecodedAndLowerCased() {
        Recorder r = new Recorder("impersonate :users:/bob",
                "impersonate authentication.k8s.io:userextras/example.com/team:/x");
        var out = (Impersonation.Impersonated) Impersonation.resolve(IVAN,
                headers("Impersonate-User", "bob", "Impersonate-Extra-Example.com%2fTeam", "x"), r);
        assertThat(out.user().extra()).containsOnlyKeys("example.com/team");
    }
}
