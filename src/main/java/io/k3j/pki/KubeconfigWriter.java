package io.k3j.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Writes self-contained kubeconfigs (CA, client cert and key embedded), named {@code default} throughout
 * as K3s does, so {@code kubectl} and the Java clients work with nothing but the file.
 */
public final class KubeconfigWriter {

    private static final String NAME = "default";
    /** Starts with a letter, no spaces, no '#', and no ':' followed by a space or at the end. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9+/=.:_@%~\\[\\]-]*(?<!:)");

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

    /**
     * Renders the fixed kubeconfig shape directly: pulling in a YAML library here would cost ~700 classes
     * (a few hundred ms) on every start just to print a dozen keys. Every variable value is either base64
     * or passed through {@link #scalar}, so the output is always valid YAML (the tests parse it).
     */
    static String render(String serverUrl, String caPem, ClientCredential user) throws IOException {
        return "apiVersion: v1\n"
                + "clusters:\n"
                + "- cluster:\n"
                + "    certificate-authority-data: " + base64(caPem) + "\n"
                + "    server: " + scalar(serverUrl) + "\n"
                + "  name: " + NAME + "\n"
                + "contexts:\n"
                + "- context:\n"
                + "    cluster: " + NAME + "\n"
                + "    user: " + NAME + "\n"
                + "  name: " + NAME + "\n"
                + "current-context: " + NAME + "\n"
                + "kind: Config\n"
                + "preferences: {}\n"
                + "users:\n"
                + "- name: " + NAME + "\n"
                + "  user:\n"
                + "    client-certificate-data: " + base64(user.certPem()) + "\n"
                + "    client-key-data: " + base64(Pem.toTraditionalKey(user.keyPem())) + "\n";
    }

    /** Plain for ordinary URLs (also {@code https://[::1]:6443}), otherwise a double-quoted scalar. */
    static String scalar(String value) {
        // Requiring "://" also keeps YAML 1.1 words such as "yes" or "null" out of plain form.
        if (value.contains("://") && PLAIN.matcher(value).matches()) {
            return value;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
