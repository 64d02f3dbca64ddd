package io.k3j.apiserver.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.pki.ClientTls;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A small HTTPS client for a test server: with a client certificate or none; requests with extra headers. */
final class ApiHttp {

    static final ObjectMapper JSON = new ObjectMapper();

    record Response(int code, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (Exception e) {
                throw new AssertionError("not JSON (" + code + "): " + body, e);
            }
        }
    }

    private final HttpClient client;
    private final String base;

    ApiHttp(String base, Path caFile, Path certFile, Path keyFile) throws Exception {
        this(base, ClientTls.context(certFile, keyFile, caFile), HttpClient.Version.HTTP_2);
    }

    ApiHttp(String base, SSLContext tls, HttpClient.Version version) {
        this.base = base;
        this.client = HttpClient.newBuilder().sslContext(tls).version(version).connectTimeout(Duration.ofSeconds(10)).build();
    }

    HttpClient client() {
        return client;
    }

    String base() {
        return base;
    }

    Response get(String path, String... headers) throws Exception {
        return send("GET", path, null, headers);
    }

    Response post(String path, String json, String... headers) throws Exception {
        return send("POST", path, json, headers);
    }

    Response delete(String path, String... headers) throws Exception {
        return send("DELETE", path, null, headers);
    }

    Response send(String method, String path, String json, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    static String[] bearer(String token) {
        return new String[]{"Authorization", "Bearer " + token};
    }
}
