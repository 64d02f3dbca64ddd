package io.k3j.auth.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.auth.UserInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Authorization decisions over upstream's bootstrap policy plus {@link RbacFixture}'s roles and bindings, each
 * with the outcome kube-apiserver's RBAC gives (system:masters admitted first, as upstream's privileged-group
 * authorizer does; nodes get nothing from RBAC, the Node authorizer serves them).
 *
 * <p>Row format: {@code user verb group resource[/sub] namespace name => yes|no} ("-" for empty), or
 * {@code user verb path:/url => yes|no}.
 */
class RbacDecisionMatrixTest {

    static final String MATRIX = """
            # system:masters may do anything
            admin delete - nodes - n1 => yes
            admin get path:/metrics => yes
            admin escalate rbac.authorization.k8s.io clusterroles - - => yes
            admin impersonate - users - someone => yes
            # anonymous: only the public-info endpoints
            anon get path:/healthz => yes
            anon get path:/version => yes
            anon get path:/version/ => yes
            anon get path:/readyz => yes
            anon get path:/livez => yes
            anon get path:/api => no
            anon get path:/healthz/ping => no
            anon post path:/healthz => no
            anon create authorization.k8s.io selfsubjectaccessreviews - - => no
            anon get - pods default - => no
            # any authenticated user: discovery and self reviews
            alice get path:/api => yes
            alice get path:/apis/apps/v1 => yes
            alice get path:/openapi/v3 => yes
            alice get path:/version/ => yes
            alice get path:/healthz/ping => no
            alice get path:/metrics => no
            alice post path:/api => no
            alice create authorization.k8s.io selfsubjectaccessreviews - - => yes
            alice create authorization.k8s.io selfsubjectrulesreviews - - => yes
            alice create authentication.k8s.io selfsubjectreviews - - => yes
            alice create authorization.k8s.io subjectaccessreviews - - => no
            alice create authentication.k8s.io tokenreviews - - => no
            # alice: pod-reader through a ClusterRoleBinding, so in every namespace and cluster-wide
            alice get - pods default web => yes
            alice list - pods - - => yes
            alice watch - pods kube-system - => yes
            alice get - pods/log default web => no
            alice create - pods default - => no
            alice delete - pods default web => no
            alice get apps deployments default - => no
            alice get apps pods default - => no
            # bob: ClusterRole edit and Role deployer, both bound in dev only
            bob get - pods dev - => yes
            bob create - pods dev - => yes
            bob delete - pods dev web => yes
            bob deletecollection - pods dev - => yes
            bob get - pods prod - => no
            bob list - pods - - => no
            bob create - pods/exec dev web => yes
            bob get - pods/exec dev web => yes
            bob create - pods/eviction dev web => yes
            bob get - secrets dev s => yes
            bob list - secrets dev - => yes
            bob create rbac.authorization.k8s.io roles dev - => no
            bob get rbac.authorization.k8s.io roles dev r => no
            bob update - resourcequotas dev q => no
            bob get - resourcequotas dev q => yes
            bob create apps deployments dev - => yes
            bob update apps deployments/scale dev web => yes
            bob patch apps deployments/status dev web => no
            bob get apps deployments/status dev web => yes
            bob impersonate - serviceaccounts dev default => yes
            bob impersonate - users - someone => no
            bob create - serviceaccounts/token dev default => yes
            bob get - namespaces dev dev => yes
            bob list - namespaces - - => no
            bob create coordination.k8s.io leases dev - => yes
            bob create networking.k8s.io networkpolicies dev - => yes
            bob create policy poddisruptionbudgets dev - => yes
            bob create batch jobs dev - => yes
            bob create batch jobs prod - => no
            bob get events.k8s.io events dev - => no
            bob create authorization.k8s.io localsubjectaccessreviews dev - => no
            bob deletecollection apps deployments dev - => yes
            bob get monitoring.coreos.com prometheuses dev p => yes
            bob get path:/api => yes
            # tina: group team-a has view in prod
            tina get - pods prod web => yes
            tina list apps deployments prod - => yes
            tina watch batch jobs prod - => yes
            tina get - secrets prod s => no
            tina create - pods prod - => no
            tina get - pods dev web => no
            tina get - pods/log prod web => yes
            tina get - pods/exec prod web => no
            tina get - configmaps prod c => yes
            tina get monitoring.coreos.com prometheuses prod p => yes
            tina list monitoring.coreos.com prometheuses prod - => yes
            tina delete monitoring.coreos.com prometheuses prod p => no
            tina get rbac.authorization.k8s.io roles prod r => no
            tina get - serviceaccounts prod default => yes
            tina create - serviceaccounts/token prod default => no
            tina get apps deployments/scale prod web => yes
            tina get apps statefulsets/status prod db => yes
            tina get discovery.k8s.io endpointslices prod e => yes
            tina get - resourcequotas/status prod q => yes
            # ServiceAccount dev/builder: Role cm-editor (update, patch configmap app-config) via a subject without namespace
            builder update - configmaps dev app-config => yes
            builder patch - configmaps dev app-config => yes
            builder update - configmaps dev other => no
            builder update - configmaps dev - => no
            builder list - configmaps dev - => no
            builder get - configmaps dev app-config => no
            builder update - configmaps prod app-config => no
            builder get path:/.well-known/openid-configuration => yes
            builder get path:/openid/v1/jwks => yes
            builder get path:/api => yes
            builder-bare update - configmaps dev app-config => yes
            builder-bare get path:/openid/v1/jwks => yes
            builder-prod update - configmaps dev app-config => no
            plain-builder update - configmaps dev app-config => no
            plain-builder get path:/openid/v1/jwks => no
            # ServiceAccount ci/runner: ClusterRole admin bound in dev
            runner create rbac.authorization.k8s.io roles dev - => yes
            runner create rbac.authorization.k8s.io rolebindings dev - => yes
            runner create authorization.k8s.io localsubjectaccessreviews dev - => yes
            runner delete - pods dev web => yes
            runner get - secrets dev s => yes
            runner get - pods ci web => no
            runner create rbac.authorization.k8s.io clusterroles - - => no
            runner list - pods - - => no
            runner get monitoring.coreos.com prometheuses dev p => yes
            runner update - resourcequotas dev q => no
            runner escalate rbac.authorization.k8s.io roles dev r => no
            runner bind rbac.authorization.k8s.io roles dev r => no
            runner impersonate - serviceaccounts dev default => yes
            # ServiceAccounts of namespace monitoring: view cluster-wide through their group
            prom list - pods - - => yes
            prom get - pods kube-system p => yes
            prom get - secrets kube-system s => no
            prom list - nodes - - => no
            prom list - namespaces - - => yes
            prom get path:/metrics => no
            prom-other list - pods - - => no
            # carol: get on the secret named db-pass only
            carol get - secrets dev db-pass => yes
            carol get - secrets prod db-pass => yes
            carol get - secrets dev other => no
            carol list - secrets dev - => no
            carol watch - secrets dev - => no
            carol get - secrets - db-pass => yes
            carol delete - secrets dev db-pass => no
            carol get - configmaps dev db-pass => no
            carol create - secrets dev - => no
            # lou: group log-readers may read pods/log
            lou get - pods/log dev web => yes
            lou get - pods dev web => no
            lou get - pods/exec dev web => no
            lou create - pods/log dev web => no
            lou get - pods/log - - => yes
            # dave: non-resource URLs /metrics, /logs/* and /raw*
            dave get path:/metrics => yes
            dave get path:/metrics/slis => no
            dave get path:/logs/ => yes
            dave get path:/logs/kube.log => yes
            dave get path:/logs => no
            dave post path:/metrics => no
            dave get path:/rawdata => yes
            dave get path:/raw => yes
            dave get - pods dev - => no
            dave get path:/api => yes
            # erin: bindings to roles that do not exist grant nothing
            erin get - pods dev web => no
            erin list - pods - - => no
            erin get path:/api => yes
            # frank: get and update on */status in every group
            frank update apps deployments/status dev web => yes
            frank get - pods/status dev web => yes
            frank update apps deployments dev web => no
            frank update - pods/log dev web => no
            frank get - nodes/status - n1 => yes
            frank patch - pods/status dev web => no
            frank get - status dev - => no
            # kube-scheduler
            sched create - pods/binding dev web => yes
            sched create - bindings dev - => yes
            sched get - nodes - n1 => yes
            sched list - nodes - - => yes
            sched update - nodes - n1 => no
            sched patch - pods/status dev web => yes
            sched update - pods dev web => no
            sched delete - pods dev web => yes
            sched get coordination.k8s.io leases kube-system kube-scheduler => yes
            sched update coordination.k8s.io leases kube-system kube-scheduler => yes
            sched update coordination.k8s.io leases kube-system kube-controller-manager => yes
            sched update coordination.k8s.io leases default kube-controller-manager => no
            sched create coordination.k8s.io leases default - => yes
            sched update - persistentvolumes - pv1 => yes
            sched list storage.k8s.io csinodes - - => yes
            sched get - configmaps kube-system extension-apiserver-authentication => yes
            sched get - configmaps kube-system other => no
            sched get - secrets dev s => no
            sched create events.k8s.io events dev - => yes
            # kube-controller-manager (its own identity)
            kcm list apps deployments - - => yes
            kcm watch - secrets - - => yes
            kcm get - secrets dev s => yes
            kcm create - serviceaccounts dev - => yes
            kcm delete - serviceaccounts dev default => no
            kcm create - serviceaccounts/token kube-system default => yes
            kcm update coordination.k8s.io leases kube-system kube-controller-manager => yes
            kcm get - pods dev web => no
            kcm create coordination.k8s.io leasecandidates kube-system - => yes
            kcm create coordination.k8s.io leasecandidates default - => no
            # kube-proxy
            proxy list - endpoints - - => yes
            proxy watch discovery.k8s.io endpointslices - - => yes
            proxy get - nodes - n1 => yes
            proxy get discovery.k8s.io endpointslices dev e => no
            proxy create - events dev - => yes
            proxy get - services dev s => no
            # per-controller ServiceAccounts in kube-system
            deployment-controller create apps replicasets dev - => yes
            deployment-controller update apps deployments/status dev web => yes
            deployment-controller update apps deployments/finalizers dev web => yes
            deployment-controller delete apps deployments dev web => no
            deployment-controller update - pods dev web => yes
            deployment-controller create - pods dev - => no
            generic-garbage-collector delete apps deployments dev web => yes
            generic-garbage-collector deletecollection apps deployments dev - => no
            namespace-controller deletecollection - pods dev - => yes
            namespace-controller update - namespaces/finalize dev dev => yes
            horizontal-pod-autoscaler update apps deployments/scale dev web => yes
            horizontal-pod-autoscaler update apps deployments dev web => no
            horizontal-pod-autoscaler get custom.metrics.k8s.io pods dev - => yes
            disruption-controller get apps statefulsets/scale dev db => yes
            disruption-controller update apps statefulsets/scale dev db => no
            certificate-controller approve certificates.k8s.io signers - kubernetes.io/kube-apiserver-client-kubelet => yes
            certificate-controller approve certificates.k8s.io signers - kubernetes.io/kube-apiserver-client => no
            certificate-controller sign certificates.k8s.io signers - kubernetes.io/kubelet-serving => yes
            certificate-controller sign certificates.k8s.io signers - example.com/custom => no
            clusterrole-aggregation-controller escalate rbac.authorization.k8s.io clusterroles - admin => yes
            clusterrole-aggregation-controller escalate rbac.authorization.k8s.io roles dev r => no
            kube-dns list - endpoints - - => yes
            kube-dns list - pods - - => no
            bootstrap-signer update - configmaps kube-public cluster-info => yes
            bootstrap-signer update - configmaps kube-public other => no
            bootstrap-signer get - secrets kube-system s => yes
            bootstrap-signer get - secrets kube-public s => no
            token-cleaner delete - secrets kube-system s => yes
            token-cleaner delete - secrets dev s => no
            # a node: RBAC's system:node binding has no subjects (the Node authorizer decides)
            node get - pods dev web => no
            node create certificates.k8s.io certificatesigningrequests - - => no
            node get path:/api => yes
            # system:monitoring
            mon get path:/metrics => yes
            mon get path:/metrics/slis => yes
            mon get path:/readyz/etcd => yes
            mon get path:/livez/ping => yes
            mon get path:/debug/pprof => no
            mon post path:/metrics => no
            # a ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody
            sa-x get - pods - - => no
            sa-x delete - nodes - n1 => no
            # binder and escalator hold only bind/escalate, not the rules themselves
            binder bind rbac.authorization.k8s.io clusterroles dev edit => yes
            binder bind rbac.authorization.k8s.io clusterroles dev admin => no
            binder bind rbac.authorization.k8s.io clusterroles - edit => no
            binder get - pods dev web => no
            escalator escalate rbac.authorization.k8s.io roles dev any => yes
            escalator escalate rbac.authorization.k8s.io clusterroles - any => no
            """;

    record Row(String line, String user, Attributes attributes, boolean expected) {
        @Override
        public String toString() {
            return line;
        }
    }

    private static RbacAuthorizer authorizer;

    @BeforeAll
    static void load() {
        authorizer = new RbacAuthorizer(RbacFixture.index());
    }

    static Stream<Row> rows() {
        return MATRIX.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).map(RbacDecisionMatrixTest::row);
    }

    static Row row(String line) {
        String[] sides = line.split(" => ");
        String[] f = sides[0].split(" ");
        boolean expected = switch (sides[1]) {
            case "yes" -> true;
            case "no" -> false;
            default -> throw new IllegalArgumentException(line);
        };
        if (f.length == 3 && f[2].startsWith("path:")) {
            return new Row(line, f[0], Attributes.path(f[1], f[2].substring(5)), expected);
        }
        if (f.length != 6) {
            throw new IllegalArgumentException("bad row: " + line);
        }
        String[] res = f[3].split("/", 2);
        return new Row(line, f[0], Attributes.resource(f[1], dash(f[2]), res[0], res.length > 1 ? res[1] : "",
                dash(f[4]), dash(f[5])), expected);
    }

    private static String dash(String s) {
        return s.equals("-") ? "" : s;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        UserInfo user = RbacFixture.user(row.user());
        Decision d = authorizer.authorize(user, row.attributes());
        assertThat(d.allowed()).as(row.line() + " (reason: " + d.reason() + ")").isEqualTo(row.expected());
        // The boolean Authorizer methods give the same answer.
        Attributes a = row.attributes();
        boolean viaInterface = a.resourceRequest()
                ? authorizer.allowedResource(user, a.verb(), a.apiGroup(), a.resource(), a.subresource(), a.namespace(), a.name())
                : authorizer.allowedPath(user, a.verb(), a.path());
        assertThat(viaInterface).isEqualTo(row.expected());
    }

    @Test
    void matrixIsLargeAndMixed() {
        List<Row> all = new ArrayList<>(rows().toList());
        assertThat(all).hasSizeGreaterThanOrEqualTo(200);
        assertThat(all.stream().filter(Row::expected).count()).isGreaterThan(80);
        assertThat(all.stream().filter(r -> !r.expected()).count()).isGreaterThan(80);
        assertThat(all.stream().filter(r -> !r.attributes().resourceRequest()).count()).isGreaterThan(30);
        assertThat(all.stream().filter(r -> !r.attributes().subresource().isEmpty()).count()).isGreaterThan(20);
    }
}
