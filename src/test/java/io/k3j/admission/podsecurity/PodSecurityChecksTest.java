package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.k3j.admission.podsecurity.Pods.barePod;
import static io.k3j.admission.podsecurity.Pods.container;
import static io.k3j.admission.podsecurity.Pods.json;
import static io.k3j.admission.podsecurity.Pods.restrictedPod;
import static io.k3j.admission.podsecurity.Pods.securityContext;
import static io.k3j.admission.podsecurity.Pods.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Every baseline and restricted control with upstream's exact reason and detail, and the version gates. */
class PodSecurityChecksTest {

    private static final LevelVersion BASELINE = new LevelVersion(Level.BASELINE, PolicyVersion.LATEST);
    private static final LevelVersion RESTRICTED = new LevelVersion(Level.RESTRICTED, PolicyVersion.LATEST);

    private static String detail(LevelVersion lv, ObjectNode pod) {
        return Evaluator.DEFAULT.aggregate(lv, pod.path("metadata"), pod.path("spec")).forbiddenDetail();
    }

    private static LevelVersion restricted(int minor) {
        return new LevelVersion(Level.RESTRICTED, PolicyVersion.of(minor));
    }

    private static LevelVersion baseline(int minor) {
        return new LevelVersion(Level.BASELINE, PolicyVersion.of(minor));
    }

    @Test
    void compliantPodsPassTheirLevels() {
        assertThat(detail(RESTRICTED, restrictedPod())).isEmpty();
        assertThat(detail(BASELINE, barePod())).isEmpty();
        assertThat(Evaluator.DEFAULT.evaluate(LevelVersion.PRIVILEGED_LATEST, barePod(), barePod())).isEmpty();
    }

    @Test
    void aBarePodFailsRestrictedWithUpstreamsAggregateMessage() {
        assertThat(detail(RESTRICTED, barePod())).isEqualTo(
                "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
                        + "unrestricted capabilities (container \"c\" must set securityContext.capabilities.drop=[\"ALL\"]), "
                        + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), "
                        + "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
        assertThat(Evaluator.DEFAULT.aggregate(RESTRICTED, barePod().path("metadata"), barePod().path("spec"))
                .forbiddenReason())
                .isEqualTo("allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile");
    }

    // --- baseline ---------------------------------------------------------------------------------------------

    @Test
    void privileged() {
        ObjectNode pod = restrictedPod();
        securityContext(container(pod)).put("privileged", true);
        assertThat(detail(RESTRICTED, pod))
                .isEqualTo("privileged (container \"c\" must not set securityContext.privileged=true)");
        assertThat(detail(BASELINE, pod)).isEqualTo(detail(RESTRICTED, pod));
    }

    @Test
    void hostNamespaces() {
        ObjectNode pod = restrictedPod();
        spec(pod).put("hostIPC", true).put("hostPID", true).put("hostNetwork", true);
        assertThat(detail(RESTRICTED, pod))
                .isEqualTo("host namespaces (hostNetwork=true, hostPID=true, hostIPC=true)");
        ObjectNode one = barePod();
        spec(one).put("hostPID", true).put("hostNetwork", false);
        assertThat(detail(BASELINE, one)).isEqualTo("host namespaces (hostPID=true)");
    }

    @Test
    void hostPathIsABaselineViolationAndARestrictedVolumeType() {
        ObjectNode pod = restrictedPod();
        spec(pod).set("volumes", json("[{'name':'h','hostPath':{'path':'/etc'}},{'name':'e','emptyDir':{}}]"));
        assertThat(detail(BASELINE, pod)).isEqualTo("hostPath volumes (volume \"h\")");
        assertThat(detail(RESTRICTED, pod))
                .isEqualTo("restricted volume types (volume \"h\" uses restricted volume type \"hostPath\")");
    }

    @Test
    void hostPortsSortedAsUpstreamSortsThemAsStrings() {
        ObjectNode pod = json("""
                {'spec':{'containers':[
                  {'name':'a','ports':[{'containerPort':80,'hostPort':80},{'containerPort':81}]},
                  {'name':'b','ports':[{'containerPort':8080,'hostPort':10000},{'containerPort':9,'hostPort':0}]},
                  {'name':'c','ports':[{'containerPort':1}]}]}}""");
        assertThat(detail(BASELINE, pod)).isEqualTo("hostPort (containers \"a\", \"b\" use hostPorts 10000, 80)");
        ObjectNode one = barePod();
        container(one).set("ports", json("[{'containerPort':80,'hostPort':8080}]"));
        assertThat(detail(BASELINE, one)).isEqualTo("hostPort (container \"c\" uses hostPort 8080)");
    }

    @Test
    void baselineCapabilitiesAllowTheDefaultSetOnly() {
        ObjectNode pod = barePod();
        securityContext(container(pod)).set("capabilities", json("{'add':['SYS_TIME','CHOWN','NET_ADMIN']}"));
        assertThat(detail(BASELINE, pod)).isEqualTo("non-default capabilities (container \"c\" must not include "
                + "\"NET_ADMIN\", \"SYS_TIME\" in securityContext.capabilities.add)");
        ObjectNode ok = barePod();
        securityContext(container(ok)).set("capabilities", json("{'add':['NET_BIND_SERVICE','KILL','SETUID']}"));
        assertThat(detail(BASELINE, ok)).isEmpty();
    }

    @Test
    void appArmorFieldsAndAnnotations() {
        ObjectNode pod = restrictedPod();
        securityContext(spec(pod)).set("appArmorProfile", json("{'type':'Unconfined'}"));
        assertThat(detail(RESTRICTED, pod))
                .isEqualTo("forbidden AppArmor profile (pod must not set AppArmor profile type to \"Unconfined\")");

        ObjectNode both = barePod();
        securityContext(container(both)).set("appArmorProfile", json("{'type':'Unconfined'}"));
        ((ObjectNode) both.get("metadata")).set("annotations", json("""
                {'container.apparmor.security.beta.kubernetes.io/c':'unconfined',
                 'container.apparmor.security.beta.kubernetes.io/d':'localhost/mine',
                 'container.apparmor.security.beta.kubernetes.io/e':'runtime/default'}"""));
        assertThat(detail(BASELINE, both)).isEqualTo("forbidden AppArmor profiles (container \"c\" and annotation "
                + "must not set AppArmor profile type to \"Unconfined\", "
                + "\"container.apparmor.security.beta.kubernetes.io/c=\"unconfined\"\")");

        ObjectNode ok = barePod();
        securityContext(container(ok)).set("appArmorProfile", json("{'type':'Localhost','localhostProfile':'x'}"));
        assertThat(detail(BASELINE, ok)).isEmpty();
    }

    @Test
    void seLinuxOptions() {
        ObjectNode pod = barePod();
        securityContext(spec(pod)).set("seLinuxOptions", json("{'type':'spc_t','user':'root'}"));
        securityContext(container(pod)).set("seLinuxOptions", json("{'role':'sysadm_r','type':'container_t'}"));
        assertThat(detail(BASELINE, pod)).isEqualTo("seLinuxOptions (pod and container \"c\" set forbidden "
                + "securityContext.seLinuxOptions: type \"spc_t\"; user may not be set; role may not be set)");

        ObjectNode engine = barePod();
        securityContext(container(engine)).set("seLinuxOptions", json("{'type':'container_engine_t','level':'s0'}"));
        assertThat(detail(BASELINE, engine)).isEmpty();
        assertThat(detail(baseline(30), engine)).isEqualTo("seLinuxOptions (container \"c\" set forbidden "
                + "securityContext.seLinuxOptions: type \"container_engine_t\")");
    }

    @Test
    void procMount() {
        ObjectNode pod = restrictedPod();
        securityContext(container(pod)).put("procMount", "Unmasked");
        assertThat(detail(RESTRICTED, pod))
                .isEqualTo("procMount (container \"c\" must not set securityContext.procMount to \"Unmasked\")");
        ObjectNode ok = barePod();
        securityContext(container(ok)).put("procMount", "Default");
        assertThat(detail(BASELINE, ok)).isEmpty();
    }

    @Test
    void baselineSeccompForbidsOnlyUnconfined() {
        ObjectNode pod = barePod();
        securityContext(spec(pod)).set("seccompProfile", json("{'type':'Unconfined'}"));
        securityContext(container(pod)).set("seccompProfile", json("{'type':'Unconfined'}"));
        assertThat(detail(BASELINE, pod)).isEqualTo("seccompProfile (pod and container \"c\" must not set "
                + "securityContext.seccompProfile.type to \"Unconfined\")");
    }

    @Test
    void sysctlsBySafeSetVersion() {
        ObjectNode pod = barePod();
        securityContext(spec(pod)).set("sysctls", json("""
                [{'name':'kernel.msgmax','value':'1'},{'name':'net.ipv4.tcp_rmem','value':'4096 87380 6291456'},
                 {'name':'net.ipv4.tcp_keepalive_time','value':'60'},{'name':'net.ipv4.ip_local_reserved_ports','value':'1'},
                 {'name':'net.ipv4.ip_unprivileged_port_start','value':'0'}]"""));
        assertThat(detail(BASELINE, pod)).isEqualTo("forbidden sysctls (kernel.msgmax)");
        assertThat(detail(baseline(31), pod)).isEqualTo("forbidden sysctls (kernel.msgmax, net.ipv4.tcp_rmem)");
        assertThat(detail(baseline(28), pod)).isEqualTo(
                "forbidden sysctls (kernel.msgmax, net.ipv4.tcp_rmem, net.ipv4.tcp_keepalive_time)");
        assertThat(detail(baseline(26), pod)).isEqualTo("forbidden sysctls (kernel.msgmax, net.ipv4.tcp_rmem, "
                + "net.ipv4.tcp_keepalive_time, net.ipv4.ip_local_reserved_ports)");
    }

    @Test
    void windowsHostProcess() {
        ObjectNode pod = barePod();
        securityContext(spec(pod)).set("windowsOptions", json("{'hostProcess':true}"));
        securityContext(container(pod)).set("windowsOptions", json("{'hostProcess':true}"));
        assertThat(detail(BASELINE, pod)).isEqualTo(
                "hostProcess (pod and container \"c\" must not set securityContext.windowsOptions.hostProcess=true)");
    }

    @Test
    void baselineResultsComeInUpstreamsIdOrder() {
        ObjectNode pod = barePod();
        spec(pod).put("hostNetwork", true).set("volumes", json("[{'name':'h','hostPath':{'path':'/'}}]"));
        securityContext(container(pod)).put("privileged", true)
                .set("capabilities", json("{'add':['SYS_ADMIN']}"));
        assertThat(Evaluator.DEFAULT.aggregate(BASELINE, pod.path("metadata"), pod.path("spec")).forbiddenReason())
                .isEqualTo("non-default capabilities, host namespaces, hostPath volumes, privileged");
    }

    // --- restricted -------------------------------------------------------------------------------------------

    @Test
    void allowPrivilegeEscalation() {
        ObjectNode pod = restrictedPod();
        securityContext(container(pod)).put("allowPrivilegeEscalation", true);
        spec(pod).withArray("initContainers").add(json("{'name':'init','image':'busybox','securityContext':"
                + "{'allowPrivilegeEscalation':false,'capabilities':{'drop':['ALL']}}}"));
        spec(pod).withArray("ephemeralContainers").add(json("{'name':'debug','image':'busybox','securityContext':"
                + "{'capabilities':{'drop':['ALL']}}}"));
        assertThat(detail(RESTRICTED, pod)).isEqualTo("allowPrivilegeEscalation != false (containers \"c\", "
                + "\"debug\" must set securityContext.allowPrivilegeEscalation=false)");
        assertThat(detail(BASELINE, pod)).isEmpty();
    }

    @Test
    void restrictedCapabilities() {
        ObjectNode pod = restrictedPod();
        securityContext(container(pod)).set("capabilities", json("{'drop':['ALL'],'add':['NET_BIND_SERVICE','NET_RAW']}"));
        spec(pod).withArray("initContainers").add(json("{'name':'init','securityContext':"
                + "{'allowPrivilegeEscalation':false,'capabilities':{'drop':['NET_RAW']}}}"));
        assertThat(detail(RESTRICTED, pod)).isEqualTo("unrestricted capabilities (container \"init\" must set "
                + "securityContext.capabilities.drop=[\"ALL\"]; container \"c\" must not include \"NET_RAW\" in "
                + "securityContext.capabilities.add)");
    }

    @Test
    void restrictedCapabilitiesReplaceTheBaselineCheckFrom122() {
        ObjectNode pod = restrictedPod();
        securityContext(container(pod)).set("capabilities", json("{'drop':['ALL'],'add':['SYS_ADMIN']}"));
        assertThat(detail(RESTRICTED, pod)).isEqualTo("unrestricted capabilities (container \"c\" must not include "
                + "\"SYS_ADMIN\" in securityContext.capabilities.add)");
        assertThat(detail(restricted(21), pod)).isEqualTo("non-default capabilities (container \"c\" must not "
                + "include \"SYS_ADMIN\" in securityContext.capabilities.add)");
    }

    @Test
    void restrictedVolumeTypes() {
        ObjectNode pod = restrictedPod();
        spec(pod).set("volumes", json("""
                [{'name':'cm','configMap':{'name':'x'}},{'name':'s','secret':{'secretName':'x'}},
                 {'name':'pvc','persistentVolumeClaim':{'claimName':'x'}},{'name':'p','projected':{'sources':[]}},
                 {'name':'d','downwardAPI':{}},{'name':'c','csi':{'driver':'x'}},{'name':'eph','ephemeral':{}},
                 {'name':'img','image':{'reference':'x'}},{'name':'e','emptyDir':{}},
                 {'name':'n','nfs':{'server':'s','path':'/'}},{'name':'g','gitRepo':{'repository':'r'}},
                 {'name':'u'}]"""));
        assertThat(detail(RESTRICTED, pod)).isEqualTo("restricted volume types (volumes \"n\", \"g\", \"u\" use "
                + "restricted volume types \"gitRepo\", \"nfs\", \"unknown\")");
    }

    @Test
    void runAsNonRoot() {
        ObjectNode pod = restrictedPod();
        securityContext(spec(pod)).put("runAsNonRoot", false);
        securityContext(container(pod)).put("runAsNonRoot", false);
        assertThat(detail(RESTRICTED, pod)).isEqualTo("runAsNonRoot != true (pod and container \"c\" must not set "
                + "securityContext.runAsNonRoot=false)");
        ObjectNode containerOnly = barePod();
        securityContext(spec(containerOnly)).set("seccompProfile", json("{'type':'Localhost','localhostProfile':'p'}"));
        securityContext(container(containerOnly)).put("allowPrivilegeEscalation", false).put("runAsNonRoot", true)
                .set("capabilities", json("{'drop':['ALL']}"));
        assertThat(detail(RESTRICTED, containerOnly)).isEmpty();
    }

    @Test
    void runAsUserZeroFrom123() {
        ObjectNode pod = restrictedPod();
        securityContext(spec(pod)).put("runAsUser", 0);
        securityContext(container(pod)).put("runAsUser", 0);
        assertThat(detail(RESTRICTED, pod))
                .isEqualTo("runAsUser=0 (pod and container \"c\" must not set runAsUser=0)");
        assertThat(detail(restricted(22), pod)).isEmpty();
        securityContext(spec(pod)).put("runAsUser", 1000);
        securityContext(container(pod)).put("runAsUser", 1000);
        assertThat(detail(RESTRICTED, pod)).isEmpty();
    }

    @Test
    void restrictedSeccompRequiresAProfile() {
        ObjectNode pod = restrictedPod();
        securityContext(container(pod)).set("seccompProfile", json("{'type':'Unconfined'}"));
        assertThat(detail(RESTRICTED, pod)).isEqualTo("seccompProfile (container \"c\" must not set "
                + "securityContext.seccompProfile.type to \"Unconfined\")");
        ObjectNode unset = restrictedPod();
        securityContext(spec(unset)).remove("seccompProfile");
        assertThat(detail(RESTRICTED, unset)).isEqualTo("seccompProfile (pod or container \"c\" must set "
                + "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    }

    @Test
    void beforePolicy119SeccompIsReadFromTheAlphaAnnotations() {
        ObjectNode pod = restrictedPod();
        securityContext(spec(pod)).remove("seccompProfile");
        ((ObjectNode) pod.get("metadata")).set("annotations", json("""
                {'seccomp.security.alpha.kubernetes.io/pod':'unconfined',
                 'container.seccomp.security.alpha.kubernetes.io/c':'runtime/default'}"""));
        assertThat(detail(restricted(18), pod)).isEqualTo("seccompProfile (forbidden annotation "
                + "seccomp.security.alpha.kubernetes.io/pod=\"unconfined\")");
        assertThat(detail(RESTRICTED, pod)).startsWith("seccompProfile (pod or container \"c\" must set");
    }

    @Test
    void windowsPodsSkipLinuxOnlyRestrictedChecksFrom125() {
        ObjectNode pod = json("""
                {'spec':{'os':{'name':'windows'},'securityContext':{'runAsNonRoot':true},
                 'containers':[{'name':'c','image':'mcr.microsoft.com/windows/nanoserver'}]}}""");
        assertThat(detail(RESTRICTED, pod)).isEmpty();
        assertThat(detail(restricted(24), pod)).isEqualTo("allowPrivilegeEscalation != false (container \"c\" "
                + "must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "
                + "\"c\" must set securityContext.capabilities.drop=[\"ALL\"]), seccompProfile (pod or container "
                + "\"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    }

    @Test
    void futureVersionsEvaluateAsLatest() {
        assertThat(detail(restricted(100), barePod())).isEqualTo(detail(RESTRICTED, barePod()));
        assertThat(detail(restricted(0), barePod()))
                .isEqualTo("runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true)");
    }

    @Test
    void goQuotingOfOddValues() {
        assertThat(Texts.goQuote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
    }
}
