package io.k3j.auth.authn;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

/** Random and hostile Authorization header values, seeded, for the fuzz tests (unit and HTTP). */
public final class HostileHeaders {

    private static final String[] SCHEMES = {"Bearer ", "bearer ", "BEARER  ", "Basic ", "Digest ", "Negotiate ", "", "Bearer",
            " Bearer ", "Bearer\t", "Token ", "Bearer Bearer "};

    private HostileHeaders() {
    }

    /** @param printableOnly only characters an HTTP client will send (no control characters, ASCII) */
    public static String next(Random r, boolean printableOnly) {
        String scheme = SCHEMES[r.nextInt(SCHEMES.length)];
        String value = switch (r.nextInt(14)) {
            case 0 -> randomChars(r, r.nextInt(64), printableOnly);
            case 1 -> randomChars(r, 1000 + r.nextInt(9000), printableOnly);
            case 2 -> jwtShaped(r, printableOnly);
            case 3 -> b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64url("{\"iss\":\"https://kubernetes.default.svc.cluster.local\","
                    + "\"sub\":\"system:serviceaccount:kube-system:admin\",\"kubernetes.io\":{\"namespace\":\"kube-system\","
                    + "\"serviceaccount\":{\"name\":\"admin\",\"uid\":\"x\"}}}") + ".";
            case 4 -> b64url("{\"alg\":\"HS256\"}") + "." + b64url("{\"iss\":\"kubernetes/serviceaccount\"}") + "." + b64url("sig");
            case 5 -> "K10" + hex(r, r.nextInt(70)) + "::" + randomChars(r, r.nextInt(40), printableOnly);
            case 6 -> "K10" + hex(r, 64) + "::server:" + hex(r, 32);
            case 7 -> lowerAlnum(r, 6) + "." + lowerAlnum(r, 16);
            case 8 -> Base64.getEncoder().encodeToString(("server:" + randomChars(r, 20, true)).getBytes(StandardCharsets.UTF_8));
            case 9 -> Base64.getEncoder().encodeToString(randomBytes(r, r.nextInt(100)));
            case 10 -> ".".repeat(r.nextInt(10)) + randomChars(r, 5, printableOnly) + ".".repeat(r.nextInt(10));
            case 11 -> b64url("{" + "\"a\":{".repeat(200) + "}".repeat(201)) + "." + b64url("{}") + ".";
            case 12 -> b64url("{\"alg\":\"RS256\",\"kid\":\"" + randomChars(r, 30, true).replace("\"", "") + "\"}") + "."
                    + b64url("{\"iss\":\"https://kubernetes.default.svc.cluster.local\",\"exp\":\"soon\",\"aud\":{}}") + "."
                    + b64url(new String(randomBytes(r, 256), StandardCharsets.ISO_8859_1));
            default -> "%00%0d%0a" + randomChars(r, 10, printableOnly);
        };
        return scheme + value;
    }

    private static String jwtShaped(Random r, boolean printableOnly) {
        StringBuilder sb = new StringBuilder();
        int parts = 1 + r.nextInt(6);
        for (int i = 0; i < parts; i++) {
            if (i > 0) {
                sb.append('.');
            }
            sb.append(r.nextBoolean() ? b64url(randomChars(r, r.nextInt(80), printableOnly)) : randomChars(r, r.nextInt(30), printableOnly));
        }
        return sb.toString();
    }

    static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String randomChars(Random r, int n, boolean printableOnly) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            if (printableOnly) {
                sb.append((char) (0x21 + r.nextInt(0x7e - 0x21)));
            } else {
                int kind = r.nextInt(10);
                sb.append(kind == 0 ? (char) r.nextInt(0x20) : kind == 1 ? (char) (0x80 + r.nextInt(0xff00)) : (char) (0x20 + r.nextInt(0x5f)));
            }
        }
        return sb.toString();
    }

    private static String hex(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("0123456789abcdefABCDEF".charAt(r.nextInt(22)));
        }
        return sb.toString();
    }

    private static String lowerAlnum(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
        }
        return sb.toString();
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }
}
