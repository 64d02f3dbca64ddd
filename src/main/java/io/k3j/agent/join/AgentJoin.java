package io.k3j.agent.join;

import com.fasterxml.jackson.databind.JsonNode;
import io.k3j.apiserver.supervisor.SupervisorRoutes;
import io.k3j.client.KubeClientConfig;
import io.k3j.pki.AtomicFiles;
import io.k3j.pki.ClientCredential;
import io.k3j.pki.ClientTls;
import io.k3j.pki.ClusterToken;
import io.k3j.pki.KubeconfigWriter;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How an agent joins a cluster, as K3s's agent does, so that the node then talks to the API server as
 * {@code system:node:<name>} (group system:nodes) with its own client certificate, which the Node authorizer and
 * NodeRestriction confine:
 * <ol>
 *   <li>fetch the server CA from {@code /cacerts} and check it against the token's K10 hash ({@link CaPinning});
 *       every later connection verifies the server against it;</li>
 *   <li>read {@code /v1-k3j/config} with the token (HTTP Basic {@code <user>:<password>}): a wrong token stops here;</li>
 *   <li>reuse the saved kubelet client certificate when it is this node's and still valid, else ask
 *       {@code /v1-k3j/client-kubelet.crt} for one with the node name and node password ({@link NodePassword});</li>
 *   <li>check with a SelfSubjectReview that the server takes the certificate as {@code system:node:<name>}.</li>
 * </ol>
 * Blocking; runs before Vert.x starts. K3s's supervisor endpoints, not the CSR API: K3s agents take their kubelet
 * certificate from the supervisor, authorised by the join token and the node password, which lets the server refuse
 * a second machine claiming a registered node's name; a bootstrap-token CSR could not tell the two apart.
 */
public final class AgentJoin {

    private static final Logger LOG = Logger.getLogger(AgentJoin.class.getName());
    /** The user of a token that names none, as K3s's agent (the agent token's user). */
    private static final String DEFAULT_USER = "node";

    /** A joined node: its files (certificate, key, CA, kubeconfig) and the cluster settings the server handed out. */
    public record Joined(URI server, AgentFiles files, JsonNode cluster, boolean reusedCertificate) {

        /** A client that speaks as the node, verifying the server against the pinned CA. */
        public KubeClientConfig kubeletClient(String userAgent) {
            return KubeClientConfig.clientCert(server.toString(), files.serverCa(), files.kubeletCert(),
                    files.kubeletKey(), userAgent);
        }
    }

    private AgentJoin() {
    }

    /**
     * @param token the join token's text (a K10 token, or a bare password that trusts the CA blindly)
     * @throws JoinException with one line for the user
     */
    public static Joined join(URI server, String token, String node, AgentFiles files, Clock clock) {
        ClusterToken t;
        try {
            t = ClusterToken.parse(token);
        } catch (IllegalArgumentException e) {
            throw new JoinException("--token: " + e.getMessage());
        }
        try {
            AtomicFiles.createPrivateDirectories(files.dir(), 0700);
            byte[] bundle = SupervisorClient.caCerts(server);
            if (!CaPinning.check(t, bundle, server.toString())) {
                LOG.warning("the token has no CA hash (not a K10 token): trusting the server's CA without verifying it; "
                        + "use the server's node-token to pin it");
            }
            AtomicFiles.writeIfChanged(files.serverCa(), bundle, 0600);
            SSLContext pinned = ClientTls.context(null, null, files.serverCa());
            String user = t.username().isEmpty() ? DEFAULT_USER : t.username();
            try (SupervisorClient supervisor = new SupervisorClient(server, pinned, user, t.password())) {
                JsonNode cluster = supervisor.config();
                AtomicFiles.writeIfChanged(files.clientCa(),
                        supervisor.get("client-ca.crt", Map.of()).getBytes(StandardCharsets.US_ASCII), 0600);
                boolean reused = KubeletCertificate.reusable(files, node, clock.instant()) && accepted(server, files, node);
                if (!reused) {
                    String password = NodePassword.ensure(files.nodePassword());
                    String answer = supervisor.get("client-kubelet.crt", Map.of(SupervisorRoutes.NODE_NAME, node,
                            SupervisorRoutes.NODE_PASSWORD, password));
                    KubeletCertificate.save(files, answer);
                    if (!accepted(server, files, node)) {
                        throw new JoinException("the server does not accept the certificate it issued for node \""
                                + node + "\" as system:node:" + node);
                    }
                }
                writeKubeconfig(server, files);
                LOG.log(Level.INFO, "joined", new Object[]{"server", server, "node", node, "user", "system:node:" + node,
                        "certificate", reused ? "reused" : "new"});
                return new Joined(server, files, cluster, reused);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new JoinException("cannot write the agent's files in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Whether the server authenticates the saved certificate as this node; false when it refuses it (401). */
    private static boolean accepted(URI server, AgentFiles files, String node) throws IOException, GeneralSecurityException {
        SSLContext tls = ClientTls.context(files.kubeletCert(), files.kubeletKey(), files.serverCa());
        Optional<String> user = SupervisorClient.whoAmI(server, tls);
        if (user.isEmpty()) {
            LOG.info("the server no longer accepts the saved kubelet certificate: asking for a new one");
            return false;
        }
        if (!user.get().equals("system:node:" + node)) {
            throw new JoinException("the server takes the kubelet certificate as \"" + user.get()
                    + "\", not system:node:" + node);
        }
        return true;
    }

    /** {@code agent/kubelet.kubeconfig}: the node's identity for kubectl (and, later, the real kubelet). */
    private static void writeKubeconfig(URI server, AgentFiles files) throws IOException {
        ClientCredential cred = new ClientCredential(files.kubeletCert(), files.kubeletKey(),
                Files.readString(files.kubeletCert()), Files.readString(files.kubeletKey()));
        KubeconfigWriter.write(files.kubeletKubeconfig(), 0600, server.toString(), Files.readString(files.serverCa()), cred);
    }
}
