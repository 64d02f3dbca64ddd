package io.k3j.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real kubectl 1.33 against the packaged k3j: {@code kubectl create token} (a protobuf TokenRequest), then kubectl
 * with only that token: {@code auth whoami} (a protobuf SelfSubjectReview) shows the ServiceAccount, resources are
 * 403 with its name; deleting the ServiceAccount, or the pod a token is bound to, makes the token 401.
 */
@Tag("e2e")
class AuthnIT {

    @TempDir
    Path tmp;

    @Test
    void kubectlCreateTokenWhoamiAndRevocation() throws Exception {
        Path data = tmp.resolve("data");
        try (K3jProcess k3j = K3jProcess.start(data, K3jProcess.freePort()).awaitReady(Duration.ofSeconds(90))) {
            Kubectl admin = new Kubectl(k3j.kubeconfig());
            admin.run("create", "serviceaccount", "robot", "-n", "default").assertOk();
            String token = admin.run("create", "token", "robot", "-n", "default").assertOk().out().strip();
            assertThat(token.split("\\.")).hasSize(3);

            Kubectl robot = new Kubectl(tokenKubeconfig(k3j, token));
            String whoami = robot.run("auth", "whoami").assertOk().out();
            assertThat(whoami).containsPattern("Username\\s+system:serviceaccount:default:robot")
                    .containsPattern("Groups\\s+\\[system:serviceaccounts system:serviceaccounts:default system:authenticated\\]")
                    .contains("authentication.kubernetes.io/credential-id");
            String uid = admin.run("get", "serviceaccount", "robot", "-n", "default", "-o", "jsonpath={.metadata.uid}").assertOk().out();
            assertThat(whoami).containsPattern("UID\\s+" + uid);

            Kubectl.Result pods = robot.run("get", "pods", "-n", "default");
            assertThat(pods.code()).isNotZero();
            assertThat(pods.err()).contains("Error from server (Forbidden)")
                    .contains("User \"system:serviceaccount:default:robot\" cannot list resource \"pods\"");

            // The same token passed with --token to the admin's kubeconfig user-less context works too.
            Kubectl.Result flag = new Kubectl(tokenKubeconfig(k3j, "")).run("--token=" + token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
            assertThat(flag.assertOk().out()).isEqualTo("system:serviceaccount:default:robot");

            Kubectl.Result tooShort = admin.run("create", "token", "robot", "-n", "default", "--duration=5m");
            assertThat(tooShort.code()).isNotZero();
            assertThat(tooShort.err()).contains("may not specify a duration less than 10 minutes");

            admin.run("run", "web", "-n", "default", "--image=busybox", "--overrides",
                    "{\"spec\":{\"serviceAccountName\":\"robot\"}}").assertOk();
            String podToken = admin.run("create", "token", "robot", "-n", "default", "--bound-object-kind=Pod",
                    "--bound-object-name=web").assertOk().out().strip();
            Kubectl podRobot = new Kubectl(tokenKubeconfig(k3j, podToken));
            assertThat(podRobot.run("auth", "whoami").assertOk().out()).containsPattern("authentication.kubernetes.io/pod-name\\s+\\[web\\]");
            admin.run("delete", "pod", "web", "-n", "default", "--grace-period=0", "--force").assertOk();
            await("the pod-bound token to be refused", () -> unauthorized(podRobot.run("auth", "whoami")));
            assertThat(robot.run("auth", "whoami").assertOk().out()).as("the unbound token lives on").contains("robot");

            admin.run("delete", "serviceaccount", "robot", "-n", "default").assertOk();
            await("the deleted ServiceAccount's token to be refused", () -> unauthorized(robot.run("get", "pods", "-n", "default")));
            assertThat(robot.run("auth", "whoami").err()).contains("Unauthorized");
        }
    }

    private static boolean unauthorized(Kubectl.Result r) {
        return r.code() != 0 && r.err().contains("Unauthorized");
    }

    /** A kubeconfig with the cluster's address and CA and nothing but a bearer token for the user. */
    private Path tokenKubeconfig(K3jProcess k3j, String token) throws Exception {
        String ca = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(k3j.dataDir().resolve("server/tls/server-ca.crt")));
        Path file = Files.createTempFile(tmp, "token", ".kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: k3j
                  cluster:
                    server: https://127.0.0.1:%d
                    certificate-authority-data: %s
                users:
                - name: robot
                  user: %s
                contexts:
                - name: robot
                  context: {cluster: k3j, user: robot}
                current-context: robot
                """.formatted(k3j.port(), ca, token.isEmpty() ? "{}" : "{token: " + token + "}"));
        return file;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
