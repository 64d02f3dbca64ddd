package io.k3j.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PersistentVolume binding as kubectl 1.33 users meet it, on three hollow nodes: an Immediate claim binds to a
 * static volume; a WaitForFirstConsumer claim waits (and says so), then its pod is scheduled onto the only node a
 * local volume's node affinity allows and the volume is bound to the claim; pods whose claims cannot be met get
 * upstream's FailedScheduling reasons; a Retain volume is Released when its claim is deleted.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VolumesIT {

    private static ClassServer server;
    private static Kubectl kubectl;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-volumes", "--hollow-nodes", "3", "--hollow-node-capacity", "cpu=4,memory=8Gi,pods=110");
        kubectl = server.kubectl;
        eventually("three Ready hollow nodes", r -> r.out().equals("hollow-0=True hollow-1=True hollow-2=True"),
                "get", "nodes", "-o",
                "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status} {end}");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            kubectl.run("delete", "namespace", "vol", "--wait=false");
            kubectl.run("delete", "pv", "--all", "--wait=false");
            server.close();
        }
    }

    private static Path file(String name, String content) throws Exception {
        return Files.writeString(server.dir.resolve(name), content);
    }

    private static Kubectl.Result eventually(String what, Predicate<Kubectl.Result> ok, String... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        Kubectl.Result r;
        do {
            r = kubectl.run(args);
            Kubectl.Result trimmed = new Kubectl.Result(r.code(), r.out().trim(), r.err());
            if (ok.test(trimmed)) {
                return trimmed;
            }
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting for " + what + "; last: " + r);
    }

    private static String jsonpath(String path, String... target) {
        String[] args = new String[target.length + 2];
        System.arraycopy(target, 0, args, 0, target.length);
        args[target.length] = "-o";
        args[target.length + 1] = "jsonpath=" + path;
        return kubectl.run(args).assertOk().out().trim();
    }

    private static void waitFor(String what, String expected, String path, String... target) {
        String[] args = new String[target.length + 2];
        System.arraycopy(target, 0, args, 0, target.length);
        args[target.length] = "-o";
        args[target.length + 1] = "jsonpath=" + path;
        eventually(what, r -> r.code() == 0 && r.out().equals(expected), args);
    }

    @Test
    @Order(1)
    void anImmediateClaimBindsToAStaticVolume() throws Exception {
        kubectl.run("create", "namespace", "vol").assertOk();
        kubectl.run("apply", "-f", file("immediate.yaml", """
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: manual-big}
                spec:
                  capacity: {storage: 10Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: manual
                  hostPath: {path: /srv/manual-big}
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: manual-2g}
                spec:
                  capacity: {storage: 2Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: manual
                  hostPath: {path: /srv/manual-2g}
                """).toString()).assertOk();
        // Only Available volumes are offered (a new one is Pending until the binder has seen it).
        waitFor("volumes Available", "Available Available", "{.items[*].status.phase}", "get", "pv");
        kubectl.run("apply", "-f", file("claim.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: vol}
                spec:
                  storageClassName: manual
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """).toString()).assertOk();
        waitFor("claim data Bound", "Bound", "{.status.phase}", "-n", "vol", "get", "pvc", "data");
        assertThat(jsonpath("{.spec.volumeName}", "-n", "vol", "get", "pvc", "data")).isEqualTo("manual-2g");
        waitFor("volume manual-2g Bound", "Bound", "{.status.phase}", "get", "pv", "manual-2g");

        String table = kubectl.run("get", "pv,pvc", "-A").assertOk().out();
        assertThat(table).containsPattern("persistentvolume/manual-2g\\s+2Gi\\s+RWO\\s+Retain\\s+Bound\\s+vol/data\\s+manual");
        assertThat(table).containsPattern("persistentvolume/manual-big\\s+10Gi\\s+RWO\\s+Retain\\s+Available\\s+manual");
        assertThat(table).containsPattern("vol\\s+persistentvolumeclaim/data\\s+Bound\\s+manual-2g\\s+2Gi\\s+RWO\\s+manual");
    }

    @Test
    @Order(2)
    void aWaitForFirstConsumerClaimFollowsItsPodToTheNodeOfItsLocalVolume() throws Exception {
        kubectl.run("apply", "-f", file("local.yaml", """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata: {name: local}
                provisioner: kubernetes.io/no-provisioner
                volumeBindingMode: WaitForFirstConsumer
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: local-on-1}
                spec:
                  capacity: {storage: 10Gi}
                  accessModes: [ReadWriteOnce]
                  persistentVolumeReclaimPolicy: Retain
                  storageClassName: local
                  local: {path: /mnt/disks/ssd1}
                  nodeAffinity:
                    required:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: kubernetes.io/hostname, operator: In, values: [hollow-1]}
                ---
                apiVersion: v1
                kind: PersistentVolume
                metadata: {name: local-on-2-small}
                spec:
                  capacity: {storage: 1Gi}
                  accessModes: [ReadWriteOnce]
                  storageClassName: local
                  local: {path: /mnt/disks/ssd1}
                  nodeAffinity:
                    required:
                      nodeSelectorTerms:
                      - matchExpressions:
                        - {key: kubernetes.io/hostname, operator: In, values: [hollow-2]}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: local-data, namespace: vol}
                spec:
                  storageClassName: local
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 5Gi}}
                """).toString()).assertOk();
        Kubectl.Result waiting = eventually("WaitForFirstConsumer event", r -> r.out().contains("WaitForFirstConsumer"),
                "-n", "vol", "describe", "pvc", "local-data");
        assertThat(waiting.out()).containsPattern("Status:\\s+Pending");
        assertThat(waiting.out()).contains("waiting for first consumer to be created before binding");
        assertThat(waiting.out()).contains("persistentvolume-controller");
        assertThat(jsonpath("{.status.phase}", "get", "pv", "local-on-1")).isEqualTo("Available");

        kubectl.run("apply", "-f", file("consumer.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: consumer, namespace: vol}
                spec:
                  containers: [{name: app, image: nginx}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: local-data}}]
                """).toString()).assertOk();
        waitFor("consumer Running", "Running", "{.status.phase}", "-n", "vol", "get", "pod", "consumer");
        assertThat(jsonpath("{.spec.nodeName}", "-n", "vol", "get", "pod", "consumer")).isEqualTo("hollow-1");
        waitFor("local-data Bound", "Bound", "{.status.phase}", "-n", "vol", "get", "pvc", "local-data");
        assertThat(jsonpath("{.spec.volumeName}", "-n", "vol", "get", "pvc", "local-data")).isEqualTo("local-on-1");
        waitFor("local-on-1 Bound to the claim", "Bound vol/local-data",
                "{.status.phase} {.spec.claimRef.namespace}/{.spec.claimRef.name}", "get", "pv", "local-on-1");
        assertThat(jsonpath("{.status.phase}", "get", "pv", "local-on-2-small")).isEqualTo("Available");

        String described = kubectl.run("-n", "vol", "describe", "pvc", "local-data").assertOk().out();
        assertThat(described).containsPattern("Status:\\s+Bound");
        assertThat(described).containsPattern("Volume:\\s+local-on-1");
        assertThat(described).containsPattern("Capacity:\\s+10Gi");
        assertThat(described).containsPattern("Used By:\\s+consumer");
        assertThat(described).contains("WaitForFirstConsumer");
        String bound = kubectl.run("get", "pv", "local-on-1").assertOk().out();
        assertThat(bound).containsPattern("local-on-1\\s+10Gi\\s+RWO\\s+Retain\\s+Bound\\s+vol/local-data\\s+local");
    }

    @Test
    @Order(3)
    void podsWhoseClaimsCannotBeMetAreNotScheduled() throws Exception {
        kubectl.run("apply", "-f", file("unmet.yaml", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: too-big, namespace: vol}
                spec:
                  storageClassName: local
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 500Gi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: wants-too-much, namespace: vol}
                spec:
                  containers: [{name: app, image: nginx}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: too-big}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: wants-nothing-there, namespace: vol}
                spec:
                  containers: [{name: app, image: nginx}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: nope}}]
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: immediate-unbound, namespace: vol}
                spec:
                  storageClassName: manual
                  accessModes: [ReadWriteMany]
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: wants-immediate, namespace: vol}
                spec:
                  containers: [{name: app, image: nginx}]
                  volumes: [{name: data, persistentVolumeClaim: {claimName: immediate-unbound}}]
                """).toString()).assertOk();
        assertThat(failedScheduling("wants-too-much"))
                .contains("0/3 nodes are available: 3 node(s) didn't find available persistent volumes to bind.");
        assertThat(failedScheduling("wants-nothing-there")).contains("persistentvolumeclaim \"nope\" not found");
        assertThat(failedScheduling("wants-immediate")).contains("pod has unbound immediate PersistentVolumeClaims");
        // No volume offers RWX, and "manual" is no StorageClass, so provisioning cannot help either.
        assertThat(eventually("ProvisioningFailed on the RWX claim", r -> r.out().contains("ProvisioningFailed"),
                "-n", "vol", "describe", "pvc", "immediate-unbound").out())
                .contains("storageclass.storage.k8s.io \"manual\" not found");
        kubectl.run("-n", "vol", "delete", "pod", "wants-too-much", "wants-nothing-there", "wants-immediate").assertOk();
    }

    private static String failedScheduling(String pod) {
        return eventually("FailedScheduling for " + pod, r -> r.out().contains("FailedScheduling"),
                "-n", "vol", "describe", "pod", pod).out();
    }

    @Test
    @Order(4)
    void aRetainedVolumeIsReleasedWhenItsClaimIsDeleted() {
        kubectl.run("-n", "vol", "delete", "pod", "consumer").assertOk();
        kubectl.run("-n", "vol", "delete", "pvc", "local-data").assertOk();
        waitFor("local-on-1 Released", "Released", "{.status.phase}", "get", "pv", "local-on-1");
        assertThat(jsonpath("{.spec.claimRef.name}", "get", "pv", "local-on-1")).isEqualTo("local-data");
        assertThat(kubectl.run("get", "pv", "local-on-1").assertOk().out())
                .containsPattern("local-on-1\\s+10Gi\\s+RWO\\s+Retain\\s+Released\\s+vol/local-data\\s+local");
    }
}
