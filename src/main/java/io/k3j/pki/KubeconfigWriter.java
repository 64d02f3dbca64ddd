package io.k3j.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes self-contained kubeconfigs (CA, client cert and key embedded), named {@code default} throughout
 * as K3s does, so {@code kubectl} and the Java clients work with nothing but the file.
 */
public final class KubeconfigWriter {

    private static final String NAME = "default";
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());

    private KubeconfigWriter() {}

    /**
     * Writes atomically with exactly {@code mode} (e.g. {@code 0600}; K3s's {@code --write-kubeconfig-mode}),
     * creating parent directories. An unchanged file is left alone apart from its mode.
     */
    public static void write(Path file, int mode, String serverUrl, String caPem, ClientCredential user)
            throws IOException {
        AtomicFiles.writeIfChanged(file, render(serverUrl, caPem, user).getBytes(StandardCharsets.UTF_8), mode);
    }

    /**
     * The component kubeconfigs under {@code <data-dir>/server/cred}, all pointing at the loopback API
     * port: {@code admin}, {@code controller}, {@code scheduler}, {@code k3j-controller},
     * {@code api-server} and {@code kube-proxy}.
     */
    public static void writeComponentKubeconfigs(Path credDir, ClusterPki pki, int apiPort) throws IOException {
        AtomicFiles.createPrivateDirectories(credDir, 0700);
        String url = "https://127.0.0.1:" + apiPort;
        String ca = pki.serverCaPem();
        write(credDir.resolve("admin.kubeconfig"), 0600, url, ca, pki.admin());
        write(credDir.resolve("controller.kubeconfig"), 0600, url, ca, pki.component(Component.CONTROLLER));
        write(credDir.resolve("scheduler.kubeconfig"), 0600, url, ca, pki.component(Component.SCHEDULER));
        write(credDir.resolve("k3j-controller.kubeconfig"), 0600, url, ca, pki.component(Component.K3J_CONTROLLER));
        write(credDir.resolve("api-server.kubeconfig"), 0600, url, ca, pki.component(Component.APISERVER));
        write(credDir.resolve("kube-proxy.kubeconfig"), 0600, url, ca, pki.component(Component.KUBE_PROXY));
    }

    static String render(String serverUrl, String caPem, ClientCredential user) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", base64(caPem));
        cluster.put("server", serverUrl);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", NAME);
        context.put("user", NAME);
        Map<String, Object> userEntry = new LinkedHashMap<>();
        userEntry.put("client-certificate-data", base64(user.certPem()));
        userEntry.put("client-key-data", base64(user.keyPem()));

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "v1");
        root.put("clusters", List.of(Map.of("cluster", cluster, "name", NAME)));
        root.put("contexts", List.of(Map.of("context", context, "name", NAME)));
        root.put("current-context", NAME);
        root.put("kind", "Config");
        root.put("preferences", Map.of());
        root.put("users", List.of(Map.of("name", NAME, "user", userEntry)));
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // Plain maps of strings cannot fail to serialise; do not leak key material via the message.
            throw new IllegalStateException("cannot render kubeconfig", e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
