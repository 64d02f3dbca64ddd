package io.k3j.admission.podsecurity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionEnv;
import io.k3j.admission.AdmissionPlugins;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.Operation;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.k3j.admission.podsecurity.Pods.barePod;
import static io.k3j.admission.podsecurity.Pods.container;
import static io.k3j.admission.podsecurity.Pods.json;
import static io.k3j.admission.podsecurity.Pods.restrictedPod;
import static io.k3j.admission.podsecurity.Pods.securityContext;
import static io.k3j.admission.podsecurity.Pods.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plugin as the admission chain drives it: labels, modes, exemptions, workloads and namespace changes. */
class PodSecurityPluginTest {

    private static final UserInfo ALICE = new UserInfo("alice", List.of("system:authenticated"));
    private static final String RESTRICTED_BARE = "allowPrivilegeEscalation != false (container \"c\" must set "
            + "securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"c\" must set "
            + "securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"c\" must set "
            + "securityContext.runAsNonRoot=true), seccompProfile (pod or container \"c\" must set "
            + "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")";

    private final FakeLookup lookup = new FakeLookup();

    private static ObjectNode namespace(String name, String... labels) {
        ObjectNode ns = json("{'apiVersion':'v1','kind':'Namespace','metadata':{'name':'" + name + "'}}");
        ObjectNode l = ((ObjectNode) ns.get("metadata")).withObject("labels");
        l.put("kubernetes.io/metadata.name", name);
        for (int i = 0; i < labels.length; i += 2) {
            l.put(PolicyLabels.PREFIX + labels[i], labels[i + 1]);
        }
        return ns;
    }

    private PodSecurityPlugin plugin() {
        return plugin(PodSecurityConfig.DEFAULT);
    }

    private PodSecurityPlugin plugin(PodSecurityConfig config) {
        return new PodSecurityPlugin(lookup, config, Evaluator.DEFAULT, System::nanoTime);
    }

    private static AdmissionRequest create(String group, String resource, String kind, JsonNode obj, UserInfo user) {
        return new AdmissionRequest(Operation.CREATE, group, "v1", resource, "", kind,
                obj.path("metadata").path("namespace").asText(""), obj.path("metadata").path("name").asText(""),
                (ObjectNode) obj, null, null, user, false);
    }

    private static AdmissionRequest createPod(ObjectNode pod) {
        return create("", "pods", "Pod", pod, ALICE);
    }

    private static AdmissionRequest updateNamespace(ObjectNode now, ObjectNode before) {
        String name = now.path("metadata").path("name").asText();
        return new AdmissionRequest(Operation.UPDATE, "", "v1", "namespaces", "", "Namespace", name, name,
                now, before, null, ALICE, false);
    }

    /** Runs the request as the chain would and returns the refusal, or null when admitted. */
    private static AdmissionDenied run(PodSecurityPlugin p, AdmissionRequest r) {
        assertThat(p.handles(r)).isTrue();
        Future<Void> f = p.validate(r);
        assertThat(f.isComplete()).isTrue();
        if (f.succeeded()) {
            return null;
        }
        assertThat(f.cause()).isInstanceOf(AdmissionDenied.class);
        return (AdmissionDenied) f.cause();
    }

    // --- enforce / warn / audit -------------------------------------------------------------------------------

    @Test
    void enforceRefusesWithUpstreamsForbiddenMessage() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "restricted"));
        AdmissionRequest r = createPod(barePod());
        AdmissionDenied d = run(plugin(), r);
        assertThat(d.code()).isEqualTo(403);
        assertThat(d.reason()).isEqualTo("Forbidden");
        assertThat(d.getMessage())
                .isEqualTo("pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": " + RESTRICTED_BARE);
        assertThat(r.warnings()).isEmpty();
        assertThat(r.auditAnnotations()).containsEntry(PodSecurityPlugin.ENFORCE_POLICY, "restricted:latest");
        assertThat(run(plugin(), createPod(restrictedPod()))).isNull();
    }

    @Test
    void enforceVersionLabelPinsThePolicyVersion() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "restricted", "enforce-version", "v1.21"));
        AdmissionDenied d = run(plugin(), createPod(barePod()));
        assertThat(d.getMessage()).isEqualTo("pods \"p\" is forbidden: violates PodSecurity \"restricted:v1.21\": "
                + "allowPrivilegeEscalation != false (container \"c\" must set securityContext.allowPrivilegeEscalation=false), "
                + "runAsNonRoot != true (pod or container \"c\" must set securityContext.runAsNonRoot=true), "
                + "seccompProfile (pod or container \"c\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")");
    }

    @Test
    void warnAddsAWarningAndAdmits() {
        lookup.put("", "namespaces", namespace("ns", "warn", "baseline"));
        ObjectNode pod = barePod();
        securityContext(container(pod)).put("privileged", true);
        AdmissionRequest r = createPod(pod);
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).containsExactly("would violate PodSecurity \"baseline:latest\": privileged "
                + "(container \"c\" must not set securityContext.privileged=true)");
        assertThat(r.auditAnnotations()).doesNotContainKey(PodSecurityPlugin.AUDIT_VIOLATIONS)
                .containsEntry(PodSecurityPlugin.ENFORCE_POLICY, "privileged:latest");
    }

    @Test
    void auditAnnotatesTheAuditEvent() {
        lookup.put("", "namespaces", namespace("ns", "audit", "restricted", "audit-version", "latest"));
        AdmissionRequest r = createPod(barePod());
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.auditAnnotations()).containsEntry(PodSecurityPlugin.AUDIT_VIOLATIONS,
                "would violate PodSecurity \"restricted:latest\": " + RESTRICTED_BARE);
    }

    @Test
    void refusedRequestsCarryNoWarningsButStillTheAuditAnnotation() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "baseline", "warn", "restricted", "audit", "restricted"));
        ObjectNode pod = barePod();
        spec(pod).put("hostPID", true);
        AdmissionRequest r = createPod(pod);
        assertThat(run(plugin(), r).getMessage())
                .isEqualTo("pods \"p\" is forbidden: violates PodSecurity \"baseline:latest\": host namespaces (hostPID=true)");
        assertThat(r.warnings()).isEmpty();
        assertThat(r.auditAnnotations().get(PodSecurityPlugin.AUDIT_VIOLATIONS))
                .startsWith("would violate PodSecurity \"restricted:latest\": host namespaces (hostPID=true), allowPrivilegeEscalation");

        AdmissionRequest ok = createPod(barePod());
        assertThat(run(plugin(), ok)).isNull();
        assertThat(ok.warnings()).containsExactly("would violate PodSecurity \"restricted:latest\": " + RESTRICTED_BARE);
    }

    @Test
    void withoutLabelsOrConfigurationEverythingIsPrivileged() {
        lookup.put("", "namespaces", namespace("ns"));
        ObjectNode pod = barePod();
        securityContext(container(pod)).put("privileged", true);
        spec(pod).put("hostNetwork", true);
        AdmissionRequest r = createPod(pod);
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.auditAnnotations()).containsExactly(Map.entry(PodSecurityPlugin.ENFORCE_POLICY, "privileged:latest"));
    }

    // --- configuration ----------------------------------------------------------------------------------------

    private static PodSecurityConfig config(String json) {
        return PodSecurityConfig.parse(json(json));
    }

    @Test
    void clusterDefaultsApplyToNamespacesWithoutLabels() {
        PodSecurityConfig c = config("""
                {'apiVersion':'pod-security.admission.config.k8s.io/v1','kind':'PodSecurityConfiguration',
                 'defaults':{'enforce':'baseline','enforce-version':'v1.30','warn':'restricted'}}""");
        lookup.put("", "namespaces", namespace("ns"));
        ObjectNode pod = barePod();
        spec(pod).put("hostIPC", true);
        assertThat(run(plugin(c), createPod(pod)).getMessage())
                .isEqualTo("pods \"p\" is forbidden: violates PodSecurity \"baseline:v1.30\": host namespaces (hostIPC=true)");
        AdmissionRequest r = createPod(barePod());
        assertThat(run(plugin(c), r)).isNull();
        assertThat(r.warnings()).containsExactly("would violate PodSecurity \"restricted:latest\": " + RESTRICTED_BARE);

        lookup.put("", "namespaces", namespace("ns", "enforce", "privileged", "warn", "privileged"));
        AdmissionRequest relaxed = createPod(pod);
        assertThat(run(plugin(c), relaxed)).isNull();
        assertThat(relaxed.warnings()).isEmpty();
    }

    @Test
    void invalidConfigurationsAreRefusedAtStart() {
        assertThatThrownBy(() -> config("{'kind':'PodSecurityConfiguration','defaults':{'enforce':'strict'}}"))
                .hasMessage("defaults.enforce: Invalid value: \"strict\": must be one of privileged, baseline, restricted");
        assertThatThrownBy(() -> config("{'defaults':{'warn-version':'1.30'},'exemptions':{'usernames':['a','a']}}"))
                .hasMessage("[defaults.warn-version: Invalid value: \"1.30\": must be \"latest\" or \"v1.x\", "
                        + "exemptions.usernames[1]: Duplicate value: \"a\"]");
        assertThatThrownBy(() -> config("{'apiVersion':'apiserver.config.k8s.io/v1','kind':'PodSecurityConfiguration'}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(config("{'apiVersion':'pod-security.admission.config.k8s.io/v1beta1'}").defaults())
                .isEqualTo(Policy.PRIVILEGED);
    }

    @Test
    void theRegistryBuildsThePluginFromTheAdmissionConfiguration() {
        lookup.put("", "namespaces", namespace("ns"));
        AdmissionEnv env = new AdmissionEnv(null, lookup, () -> null, Map.of("PodSecurity",
                json("{'kind':'PodSecurityConfiguration','defaults':{'enforce':'restricted'}}")), Clock.systemUTC());
        AdmissionChain chain = AdmissionPlugins.chain(env, io.k3j.admission.AdmissionSettings.DEFAULTS);
        assertThat(chain.plugins()).extracting(p -> p.name()).contains("PodSecurity");
        Future<Void> f = chain.validate(createPod(barePod()));
        assertThat(f.cause()).isInstanceOf(AdmissionDenied.class)
                .hasMessageStartingWith("pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\"");
    }

    // --- exemptions -------------------------------------------------------------------------------------------

    @Test
    void exemptUsersNamespacesAndRuntimeClassesAreNotEvaluated() {
        PodSecurityConfig c = config("""
                {'defaults':{'enforce':'restricted'},'exemptions':{'usernames':['system:serviceaccount:kube-system:ds'],
                 'namespaces':['kube-system'],'runtimeClasses':['kata']}}""");
        lookup.put("", "namespaces", namespace("ns")).put("", "namespaces", namespace("kube-system"));

        AdmissionRequest byUser = create("", "pods", "Pod", barePod(),
                new UserInfo("system:serviceaccount:kube-system:ds", List.of()));
        assertThat(run(plugin(c), byUser)).isNull();
        assertThat(byUser.auditAnnotations()).containsExactly(Map.entry(PodSecurityPlugin.EXEMPT, "user"));

        ObjectNode system = barePod();
        ((ObjectNode) system.get("metadata")).put("namespace", "kube-system");
        AdmissionRequest inNamespace = createPod(system);
        assertThat(run(plugin(c), inNamespace)).isNull();
        assertThat(inNamespace.auditAnnotations()).containsExactly(Map.entry(PodSecurityPlugin.EXEMPT, "namespace"));

        ObjectNode kata = barePod();
        spec(kata).put("runtimeClassName", "kata");
        AdmissionRequest runtime = createPod(kata);
        assertThat(run(plugin(c), runtime)).isNull();
        assertThat(runtime.auditAnnotations()).containsExactly(Map.entry(PodSecurityPlugin.EXEMPT, "runtimeClass"));

        ObjectNode gvisor = barePod();
        spec(gvisor).put("runtimeClassName", "gvisor");
        assertThat(run(plugin(c), createPod(gvisor))).isNotNull();
        assertThat(run(plugin(c), createPod(barePod()))).isNotNull();
    }

    // --- bad labels -------------------------------------------------------------------------------------------

    @Test
    void aBadEnforceLabelEvaluatesAsRestrictedAndAnnotatesTheError() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "bogus", "enforce-version", "v1.x"));
        AdmissionRequest r = createPod(barePod());
        assertThat(run(plugin(), r).getMessage()).startsWith("pods \"p\" is forbidden: violates PodSecurity \"restricted:latest\": ");
        assertThat(r.auditAnnotations()).containsEntry(PodSecurityPlugin.ERROR, "Failed to parse policy: ["
                + "metadata.labels[pod-security.kubernetes.io/enforce]: Invalid value: \"bogus\": must be one of "
                + "privileged, baseline, restricted, metadata.labels[pod-security.kubernetes.io/enforce-version]: "
                + "Invalid value: \"v1.x\": must be \"latest\" or \"v1.x\"]");
    }

    @Test
    void badWarnAndAuditLabelsFailOpen() {
        lookup.put("", "namespaces", namespace("ns", "warn", "Restricted", "audit", "max"));
        AdmissionRequest r = createPod(barePod());
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.auditAnnotations()).doesNotContainKey(PodSecurityPlugin.AUDIT_VIOLATIONS)
                .containsKey(PodSecurityPlugin.ERROR);
    }

    // --- pod updates and subresources -------------------------------------------------------------------------

    @Test
    void onlySignificantPodUpdatesAreEvaluated() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "restricted"));
        ObjectNode old = barePod();
        ObjectNode relabelled = barePod();
        ((ObjectNode) relabelled.get("metadata")).withObject("labels").put("tier", "web");
        spec(relabelled).withArray("tolerations").add(json("{'key':'k','operator':'Exists'}"));
        AdmissionRequest r = new AdmissionRequest(Operation.UPDATE, "", "v1", "pods", "", "Pod", "ns", "p",
                relabelled, old, null, ALICE, false);
        assertThat(run(plugin(), r)).isNull();

        ObjectNode newImage = barePod();
        container(newImage).put("image", "nginx:2");
        AdmissionRequest image = new AdmissionRequest(Operation.UPDATE, "", "v1", "pods", "", "Pod", "ns", "p",
                newImage, old, null, ALICE, false);
        assertThat(run(plugin(), image)).isNotNull();

        ObjectNode debug = barePod();
        spec(debug).withArray("ephemeralContainers").add(json("{'name':'dbg','image':'busybox'}"));
        AdmissionRequest eph = new AdmissionRequest(Operation.UPDATE, "", "v1", "pods", "ephemeralcontainers",
                "Pod", "ns", "p", debug, old, null, ALICE, false);
        assertThat(run(plugin(), eph).getMessage()).contains("containers \"c\", \"dbg\" must set");

        AdmissionRequest status = new AdmissionRequest(Operation.UPDATE, "", "v1", "pods", "status", "Pod", "ns",
                "p", newImage, old, null, ALICE, false);
        assertThat(run(plugin(), status)).isNull();
    }

    @Test
    void handlesOnlyCreatesAndUpdatesOfPodsNamespacesAndWorkloads() {
        PodSecurityPlugin p = plugin();
        assertThat(p.handles(createPod(barePod()))).isTrue();
        assertThat(p.handles(create("apps", "deployments", "Deployment", barePod(), ALICE))).isTrue();
        assertThat(p.handles(create("batch", "cronjobs", "CronJob", barePod(), ALICE))).isTrue();
        assertThat(p.handles(create("", "configmaps", "ConfigMap", barePod(), ALICE))).isFalse();
        assertThat(p.handles(create("apps", "controllerrevisions", "ControllerRevision", barePod(), ALICE))).isFalse();
        assertThat(p.handles(new AdmissionRequest(Operation.DELETE, "", "v1", "pods", "", "Pod", "ns", "p",
                null, barePod(), null, ALICE, false))).isFalse();
    }

    // --- workloads --------------------------------------------------------------------------------------------

    private static ObjectNode deployment(ObjectNode podTemplateSpec) {
        ObjectNode d = json("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'ns'},"
                + "'spec':{'replicas':1,'selector':{'matchLabels':{'a':'b'}}}}");
        ((ObjectNode) d.get("spec")).set("template", podTemplateSpec);
        return d;
    }

    private static ObjectNode template(ObjectNode pod) {
        ObjectNode t = json("{'metadata':{'labels':{'a':'b'}}}");
        t.set("spec", pod.get("spec"));
        return t;
    }

    @Test
    void workloadsAreWarnedAndAuditedButNeverRefused() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "restricted", "warn", "restricted", "audit", "baseline"));
        ObjectNode pod = barePod();
        securityContext(container(pod)).put("privileged", true);
        AdmissionRequest r = create("apps", "deployments", "Deployment", deployment(template(pod)), ALICE);
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).containsExactly("would violate PodSecurity \"restricted:latest\": privileged "
                + "(container \"c\" must not set securityContext.privileged=true), " + RESTRICTED_BARE);
        assertThat(r.auditAnnotations()).containsEntry(PodSecurityPlugin.AUDIT_VIOLATIONS,
                        "would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not set "
                                + "securityContext.privileged=true)")
                .doesNotContainKey(PodSecurityPlugin.ENFORCE_POLICY);
    }

    @Test
    void workloadsInEnforceOnlyNamespacesAreNotEvaluated() {
        lookup.put("", "namespaces", namespace("ns", "enforce", "restricted"));
        AdmissionRequest r = create("apps", "deployments", "Deployment", deployment(template(barePod())), ALICE);
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).isEmpty();
        assertThat(r.auditAnnotations()).isEmpty();
    }

    @Test
    void everyTemplateCarryingKindIsRead() {
        lookup.put("", "namespaces", namespace("ns", "warn", "restricted"));
        ObjectNode t = template(barePod());
        List<AdmissionRequest> requests = List.of(
                create("batch", "cronjobs", "CronJob", json("{'metadata':{'name':'cj','namespace':'ns'},'spec':"
                        + "{'schedule':'* * * * *','jobTemplate':{'spec':{'template':" + t + "}}}}"), ALICE),
                create("batch", "jobs", "Job", json("{'metadata':{'name':'j','namespace':'ns'},'spec':{'template':" + t + "}}"), ALICE),
                create("apps", "daemonsets", "DaemonSet", deployment(t), ALICE),
                create("apps", "statefulsets", "StatefulSet", deployment(t), ALICE),
                create("apps", "replicasets", "ReplicaSet", deployment(t), ALICE),
                create("", "replicationcontrollers", "ReplicationController", deployment(t), ALICE),
                create("", "podtemplates", "PodTemplate", json("{'metadata':{'name':'pt','namespace':'ns'},'template':" + t + "}"), ALICE));
        for (AdmissionRequest r : requests) {
            assertThat(run(plugin(), r)).isNull();
            assertThat(r.warnings()).as(r.resource())
                    .containsExactly("would violate PodSecurity \"restricted:latest\": " + RESTRICTED_BARE);
        }
        AdmissionRequest noTemplate = create("", "replicationcontrollers", "ReplicationController",
                json("{'metadata':{'name':'rc','namespace':'ns'},'spec':{'replicas':0}}"), ALICE);
        assertThat(run(plugin(), noTemplate)).isNull();
        assertThat(noTemplate.warnings()).isEmpty();
        AdmissionRequest scale = new AdmissionRequest(Operation.UPDATE, "apps", "v1", "deployments", "scale", "Scale",
                "ns", "web", json("{'spec':{'replicas':3}}"), json("{'spec':{'replicas':1}}"), null, ALICE, false);
        assertThat(run(plugin(), scale)).isNull();
        assertThat(scale.warnings()).isEmpty();
    }

    // --- namespaces -------------------------------------------------------------------------------------------

    @Test
    void invalidLabelsAreRefusedOnNamespaceCreate() {
        AdmissionRequest r = create("", "namespaces", "Namespace", namespace("team", "enforce", "strict"), ALICE);
        AdmissionDenied d = run(plugin(), r);
        assertThat(d.code()).isEqualTo(422);
        assertThat(d.getMessage()).isEqualTo("Namespace \"team\" is invalid: metadata.labels[pod-security.kubernetes.io/"
                + "enforce]: Invalid value: \"strict\": must be one of privileged, baseline, restricted");
        assertThat(run(plugin(), create("", "namespaces", "Namespace", namespace("team", "enforce", "baseline",
                "warn-version", "v1.33"), ALICE))).isNull();
    }

    @Test
    void badLabelsAlreadyStoredDoNotBlockOtherUpdates() {
        ObjectNode before = namespace("ns", "enforce", "strict");
        ObjectNode now = namespace("ns", "enforce", "strict");
        ((ObjectNode) now.get("metadata")).withObject("annotations").put("owner", "me");
        assertThat(run(plugin(), updateNamespace(now, before))).isNull();
        assertThat(run(plugin(), updateNamespace(namespace("ns", "enforce", "stricter"), before)).code()).isEqualTo(422);
        assertThat(run(plugin(), updateNamespace(namespace("ns", "audit", "x"), namespace("ns")))).isNotNull();
    }

    private ObjectNode runningPod(String name, ObjectNode pod, String controllerUid) {
        ObjectNode meta = (ObjectNode) pod.get("metadata");
        meta.put("name", name);
        if (controllerUid != null) {
            meta.set("ownerReferences", json("[{'apiVersion':'apps/v1','kind':'ReplicaSet','name':'rs','uid':'"
                    + controllerUid + "','controller':true}]"));
        }
        lookup.put("", "pods", pod);
        return pod;
    }

    @Test
    void aStricterEnforceLabelWarnsAboutExistingPods() {
        runningPod("web-b", barePod(), "rs-1");
        runningPod("web-a", barePod(), "rs-1");
        runningPod("web-c", barePod(), "rs-1");
        ObjectNode priv = barePod();
        securityContext(container(priv)).put("privileged", true);
        runningPod("agent", priv, null);
        runningPod("good", restrictedPod(), null);
        AdmissionRequest r = updateNamespace(namespace("ns", "enforce", "restricted"), namespace("ns"));
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).containsExactly(
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"restricted:latest\"",
                "agent: privileged, allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile",
                "web-a (and 2 other pods): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile");

        AdmissionRequest baseline = updateNamespace(namespace("ns", "enforce", "baseline"), namespace("ns"));
        assertThat(run(plugin(), baseline)).isNull();
        assertThat(baseline.warnings()).containsExactly(
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"baseline:latest\"",
                "agent: privileged");
    }

    @Test
    void relaxingOrKeepingTheEnforceLevelChecksNoPods() {
        runningPod("web", barePod(), null);
        for (ObjectNode[] change : new ObjectNode[][]{
                {namespace("ns", "enforce", "baseline"), namespace("ns", "enforce", "restricted")},
                {namespace("ns", "enforce", "privileged"), namespace("ns", "enforce", "restricted", "enforce-version", "v1.20")},
                {namespace("ns", "enforce", "restricted", "warn", "restricted"), namespace("ns", "enforce", "restricted")}}) {
            AdmissionRequest r = updateNamespace(change[0], change[1]);
            assertThat(run(plugin(), r)).isNull();
            assertThat(r.warnings()).isEmpty();
        }
        AdmissionRequest newVersion = updateNamespace(namespace("ns", "enforce", "restricted"),
                namespace("ns", "enforce", "restricted", "enforce-version", "v1.20"));
        assertThat(run(plugin(), newVersion)).isNull();
        assertThat(newVersion.warnings()).hasSize(2);
    }

    @Test
    void exemptNamespacesAreNotChecked() {
        runningPod("web", barePod(), null);
        PodSecurityConfig c = config("{'exemptions':{'namespaces':['ns']}}");
        AdmissionRequest r = updateNamespace(namespace("ns", "enforce", "restricted"), namespace("ns"));
        assertThat(run(plugin(c), r)).isNull();
        assertThat(r.warnings()).containsExactly(
                "namespace \"ns\" is exempt from Pod Security, and the policy (enforce=restricted:latest) will be ignored");

        AdmissionRequest created = create("", "namespaces", "Namespace",
                namespace("ns", "audit", "baseline", "warn-version", "v1.30", "enforce-version", "v1.29"), ALICE);
        assertThat(run(plugin(c), created)).isNull();
        assertThat(created.warnings()).containsExactly(
                "namespace \"ns\" is exempt from Pod Security, and the policy (audit=baseline:latest) will be ignored");
        AdmissionRequest privileged = create("", "namespaces", "Namespace", namespace("ns", "enforce", "privileged"), ALICE);
        assertThat(run(plugin(c), privileged)).isNull();
        assertThat(privileged.warnings()).isEmpty();
    }

    @Test
    void theExistingPodCheckIsBoundedInTime() {
        runningPod("a", barePod(), null);
        runningPod("b", barePod(), null);
        runningPod("c", barePod(), null);
        AtomicLong now = new AtomicLong();
        PodSecurityPlugin slow = new PodSecurityPlugin(lookup, PodSecurityConfig.DEFAULT, Evaluator.DEFAULT,
                () -> now.getAndAdd(600_000_000L));
        AdmissionRequest r = updateNamespace(namespace("ns", "enforce", "restricted"), namespace("ns"));
        assertThat(run(slow, r)).isNull();
        assertThat(r.warnings()).containsExactly(
                "new PodSecurity enforce level only checked against the first 2 of 3 existing pods",
                "existing pods in namespace \"ns\" violate the new PodSecurity enforce level \"restricted:latest\"",
                "a (and 1 other pod): allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile");
    }

    @Test
    void aFailedPodListIsAWarningNotAnError() {
        lookup.failLists = true;
        AdmissionRequest r = updateNamespace(namespace("ns", "enforce", "restricted"), namespace("ns"));
        assertThat(run(plugin(), r)).isNull();
        assertThat(r.warnings()).containsExactly("failed to list pods while checking new PodSecurity enforce level");
    }
}
