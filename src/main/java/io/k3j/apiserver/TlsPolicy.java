package io.k3j.apiserver;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * TLS versions and cipher suites of the API listener: TLS 1.2 at least, forward-secret AEAD
 * suites only, overridable with the upstream flags --tls-min-version and --tls-cipher-suites.
 */
public record TlsPolicy(Set<String> protocols, List<String> cipherSuites) {

    static final List<String> DEFAULT_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    private static final List<String> TLS13_SUITES = DEFAULT_SUITES.subList(0, 3);

    /**
     * @param minVersion upstream spelling (VersionTLS12, VersionTLS13), or null for TLS 1.2
     * @param suites     IANA suite names, or empty for the default list
     */
    public static TlsPolicy of(String minVersion, List<String> suites) {
        Set<String> protocols = new LinkedHashSet<>();
        String min = minVersion == null ? "VersionTLS12" : minVersion;
        switch (min) {
            case "VersionTLS12" -> {
                protocols.add("TLSv1.2");
                protocols.add("TLSv1.3");
            }
            case "VersionTLS13" -> protocols.add("TLSv1.3");
            default -> throw new IllegalArgumentException("tls-min-version \"" + min
                    + "\" is not supported (use VersionTLS12 or VersionTLS13; older versions are insecure)");
        }
        List<String> chosen;
        if (suites.isEmpty()) {
            chosen = DEFAULT_SUITES;
        } else {
            for (String s : suites) {
                if (!DEFAULT_SUITES.contains(s)) {
                    throw new IllegalArgumentException("tls-cipher-suites: \"" + s + "\" is not an allowed suite (allowed: "
                            + String.join(",", DEFAULT_SUITES) + ")");
                }
            }
            // TLS 1.3 suites are not configurable upstream either; keep them so 1.3 always works.
            Set<String> all = new LinkedHashSet<>(TLS13_SUITES);
            all.addAll(suites);
            chosen = List.copyOf(all);
        }
        return new TlsPolicy(Set.copyOf(protocols), chosen);
    }
}
