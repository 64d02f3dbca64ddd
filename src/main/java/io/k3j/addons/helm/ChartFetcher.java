package io.k3j.addons.helm;

import io.k3j.pki.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Downloads chart archives and repository indexes. Blocking: call it on a worker thread only.
 *
 * <p>Trusted: the JDK's roots, this server's CA (so charts it serves under {@code /static/charts/} need no
 * {@code repoCA}), and the HelmChart's {@code repoCA} when it gives one.
 */
public final class ChartFetcher {

    /** Charts are small; an answer beyond this is a mistake, not a chart. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private final List<X509Certificate> serverCa;

    public ChartFetcher(List<X509Certificate> serverCa) {
        this.serverCa = List.copyOf(serverCa);
    }

    /** Basic-auth credentials from a HelmChart's {@code authSecret}; {@code passToChartHost} = authPassCredentials. */
    public record Credentials(String username, String password, boolean passToChartHost) {
        String header() {
            return "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Credentials[" + username + "]"; // never the password
        }
    }

    /** The .tgz bytes of the chart {@code source} names. */
    public byte[] fetch(ChartSource source, String repoCaPem, Credentials creds, Duration timeout) throws IOException {
        return switch (source) {
            case ChartSource.Inline in -> in.tgz();
            case ChartSource.Archive a -> get(a.url(), repoCaPem, creds, timeout);
            case ChartSource.RepoChart rc -> {
                byte[] index = get(rc.repo().resolve("index.yaml"), repoCaPem, creds, timeout);
                URI url = RepoIndex.parse(index).archiveUrl(rc.repo(), rc.name(), rc.version());
                boolean sameHost = url.getHost() != null && url.getHost().equalsIgnoreCase(rc.repo().getHost())
                        && url.getPort() == rc.repo().getPort();
                yield get(url, repoCaPem, creds != null && (sameHost || creds.passToChartHost()) ? creds : null, timeout);
            }
        };
    }

    byte[] get(URI url, String repoCaPem, Credentials creds, Duration timeout) throws IOException {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if ("https".equals(url.getScheme())) {
            b.sslContext(sslContext(repoCaPem));
        }
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "k3j-helm-controller");
        if (creds != null) {
            req.header("Authorization", creds.header());
        }
        try (HttpClient client = b.build()) {
            HttpResponse<byte[]> resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) {
                throw new IOException("GET " + url + ": HTTP " + resp.statusCode());
            }
            if (resp.body().length > MAX_BYTES) {
                throw new IOException("GET " + url + ": larger than " + MAX_BYTES + " bytes");
            }
            return resp.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("GET " + url + ": interrupted", e);
        }
    }

    private SSLContext sslContext(String repoCaPem) throws IOException {
        try {
            List<X509Certificate> cas = new ArrayList<>(serverCa);
            if (repoCaPem != null && !repoCaPem.isBlank()) {
                cas.addAll(Pem.parseCertificates(repoCaPem));
            }
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            for (var tm : system.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    cas.addAll(List.of(x.getAcceptedIssuers()));
                }
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : cas) {
                trust.setCertificateEntry("ca" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }
}
