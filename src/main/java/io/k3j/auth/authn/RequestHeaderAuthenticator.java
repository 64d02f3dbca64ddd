package io.k3j.auth.authn;

import io.k3j.auth.AuthenticationException;
import io.k3j.auth.UserInfo;
import io.k3j.auth.X509Authenticator;
import io.vertx.core.Future;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Front-proxy (request-header) authentication: a proxy holding a client certificate from the request-header CA,
 * with a CN from the allowed names, vouches for the user in {@code X-Remote-User}, the groups in
 * {@code X-Remote-Group} and extra attributes in {@code X-Remote-Extra-<key>}. The certificate is checked before
 * any header is believed; without a user header the request is not a front-proxy request at all.
 */
public final class RequestHeaderAuthenticator implements RequestAuthenticator {

    /** K3s's kube-apiserver flags: the header names and the proxy's CN (its client-auth-proxy certificate). */
    public record Settings(List<String> allowedNames, List<String> usernameHeaders, List<String> groupHeaders,
                           List<String> extraHeaderPrefixes) {
        public Settings {
            allowedNames = List.copyOf(allowedNames);
            usernameHeaders = List.copyOf(usernameHeaders);
            groupHeaders = List.copyOf(groupHeaders);
            extraHeaderPrefixes = List.copyOf(extraHeaderPrefixes);
        }

        public static Settings k3sDefaults() {
            return new Settings(List.of("system:auth-proxy"), List.of("X-Remote-User"), List.of("X-Remote-Group"),
                    List.of("X-Remote-Extra-"));
        }
    }

    private final X509Authenticator proxyCerts;
    private final Settings settings;
    private final List<String> apiAudiences;

    public RequestHeaderAuthenticator(X509Authenticator proxyCerts, Settings settings, List<String> apiAudiences) {
        this.proxyCerts = proxyCerts;
        this.settings = settings;
        this.apiAudiences = List.copyOf(apiAudiences);
    }

    @Override
    public Future<AuthResult> authenticate(AuthRequest request) {
        return Future.succeededFuture(check(request));
    }

    private AuthResult check(AuthRequest request) {
        if (request.peerCertificates().isEmpty()) {
            return AuthResult.NONE;
        }
        UserInfo proxy;
        try {
            proxy = proxyCerts.authenticate(request.peerCertificates());
        } catch (AuthenticationException e) {
            return AuthResult.failure("request-header: " + e.getMessage());
        }
        if (!settings.allowedNames().isEmpty() && !settings.allowedNames().contains(proxy.name())) {
            return AuthResult.failure("request-header: subject with cn=" + proxy.name() + " is not in the allowed list");
        }
        String user = first(request, settings.usernameHeaders());
        if (user.isEmpty()) {
            return AuthResult.NONE;
        }
        List<String> groups = new ArrayList<>();
        for (String h : settings.groupHeaders()) {
            groups.addAll(request.headers().getAll(h));
        }
        return new AuthResult.Success(new UserInfo(user, "", groups, extra(request)), apiAudiences);
    }

    private static String first(AuthRequest request, List<String> headers) {
        for (String h : headers) {
            String v = request.headers().get(h);
            if (v != null && !v.isEmpty()) {
                return v;
            }
        }
        return "";
    }

    /** Keys are lower-cased and percent-decoded, as upstream does (so keys may hold characters headers cannot). */
    private Map<String, List<String>> extra(AuthRequest request) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : request.headers()) {
            for (String prefix : settings.extraHeaderPrefixes()) {
                String name = e.getKey();
                if (name.length() > prefix.length() && name.regionMatches(true, 0, prefix, 0, prefix.length())) {
                    String key = unescape(name.substring(prefix.length())).toLowerCase(Locale.ROOT);
                    out.computeIfAbsent(key, k -> new ArrayList<>()).add(e.getValue());
                }
            }
        }
        return out;
    }

    private static String unescape(String key) {
        try {
            return URLDecoder.decode(key.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return key;
        }
    }
}
