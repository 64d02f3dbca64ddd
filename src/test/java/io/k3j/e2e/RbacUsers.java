package io.k3j.e2e;

import io.k3j.pki.ClientCredential;
import io.k3j.pki.ClientTls;
import io.k3j.pki.KubeconfigWriter;
import io.k3j.pki.TestClientCerts;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The test's users, each with a client certificate issued from the server's client CA, its own kubeconfig (for
 * real kubectl) and an HTTPS client (for raw requests). The admin (system:masters) comes from the server's own
 * kubeconfig; the anonymous user presents no certificate.
 */
final class RbacUsers {

    /** One user: kubectl through its kubeconfig, raw requests through its client. */
    record User(String name, Kubectl kubectl, HttpClient http) {
    }

    private final String url;
    private final Path dir;
    private final Path tlsDir;
    private final Map<String, User> users = new ConcurrentHashMap<>();

    RbacUsers(K3jProcess k3j, Path dir) throws Exception {
        this.url = "https://127.0.0.1:" + k3j.port();
        this.dir = Files.createDirectories(dir);
        this.tlsDir = k3j.dataDir().resolve("server/tls");
        Path ca = tlsDir.resolve("server-ca.crt");
        users.put("admin", new User("admin", new Kubectl(k3j.kubeconfig()),
                client(tlsDir.resolve("client-admin.crt"), tlsDir.resolve("client-admin.key"))));
        users.put("anonymous", new User("system:anonymous", null, HttpClient.newBuilder()
                .sslContext(ClientTls.context(null, null, ca)).connectTimeout(Duration.ofSeconds(5)).build()));
    }

    String url() {
        return url;
    }

    /** Issues a certificate for {@code name} with groups {@code groups}, once. */
    User add(String name, String... groups) throws Exception {
        ClientCredential cred = TestClientCerts.issue(tlsDir, dir.resolve("certs"), name, groups);
        Path kubeconfig = dir.resolve(name + ".kubeconfig");
        KubeconfigWriter.write(kubeconfig, 0600, url, Files.readString(tlsDir.resolve("server-ca.crt")), cred);
        User u = new User(name, new Kubectl(kubeconfig), client(cred.certFile(), cred.keyFile()));
        users.put(name, u);
        return u;
    }

    User get(String name) {
        User u = users.get(name);
        if (u == null) {
            throw new IllegalArgumentException("no test user " + name);
        }
        return u;
    }

    private HttpClient client(Path cert, Path key) throws Exception {
        return HttpClient.newBuilder().sslContext(ClientTls.context(cert, key, tlsDir.resolve("server-ca.crt")))
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A raw request; {@code headers} as name, value pairs (impersonation headers, Content-Type). */
    HttpResponse<String> send(String user, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        if (body != null && !hasHeader(headers, "Content-Type")) {
            req.header("Content-Type", "application/json");
        }
        if (method.equals("GET") && path.contains("watch=")) {
            // A watch streams: the status line is all this needs.
            HttpResponse<java.io.InputStream> r = get(user).http().send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
            String first = r.statusCode() == 200 ? "" : new String(r.body().readAllBytes());
            r.body().close();
            return new StringResponse(r, first);
        }
        return get(user).http().send(req.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean hasHeader(String[] headers, String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** A streamed response reduced to its status and (for errors) its body. */
    private record StringResponse(HttpResponse<?> r, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return r.statusCode();
        }

        @Override
        public HttpRequest request() {
            return r.request();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return r.headers();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return r.sslSession();
        }

        @Override
        public URI uri() {
            return r.uri();
        }

        @Override
        public HttpClient.Version version() {
            return r.version();
        }
    }
}
