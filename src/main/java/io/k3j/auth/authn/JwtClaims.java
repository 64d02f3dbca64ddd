package io.k3j.auth.authn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reading the registered claims of a verified JWT, with the checks kube-apiserver applies to them. */
public final class JwtClaims {

    /** go-jose's default leeway, which kube-apiserver uses for exp, nbf and iat: clocks differ a little. */
    public static final long LEEWAY_SECONDS = 60;

    private JwtClaims() {
    }

    public static String string(ObjectNode claims, String name) {
        JsonNode n = claims.get(name);
        return n != null && n.isTextual() ? n.asText() : "";
    }

    /** "aud" as a list: a single string or an array of strings (anything else is no audience). */
    public static List<String> audiences(ObjectNode claims) throws JwtException {
        JsonNode aud = claims.get("aud");
        List<String> out = new ArrayList<>();
        if (aud == null || aud.isNull()) {
            return out;
        }
        if (aud.isTextual()) {
            out.add(aud.asText());
            return out;
        }
        if (!aud.isArray()) {
            throw new JwtException("token audience claim is malformed");
        }
        for (JsonNode a : aud) {
            if (!a.isTextual()) {
                throw new JwtException("token audience claim is malformed");
            }
            out.add(a.asText());
        }
        return out;
    }

    /** A NumericDate claim in seconds, or null when absent. */
    public static Long numericDate(ObjectNode claims, String name) throws JwtException {
        JsonNode n = claims.get(name);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            throw new JwtException("token claim \"" + name + "\" is not a number");
        }
        return n.asLong();
    }

    /**
     * exp, nbf and iat against {@code now}, with {@link #LEEWAY_SECONDS}.
     *
     * @param requireExpiry whether a token without exp is refused (bound tokens and OIDC ID tokens always have one)
     */
    public static void checkTimes(ObjectNode claims, Instant now, boolean requireExpiry) throws JwtException {
        long t = now.getEpochSecond();
        Long exp = numericDate(claims, "exp");
        if (exp == null && requireExpiry) {
            throw new JwtException("token has no expiry");
        }
        if (exp != null && t > exp + LEEWAY_SECONDS) {
            throw new JwtException("token has expired");
        }
        Long nbf = numericDate(claims, "nbf");
        if (nbf != null && t < nbf - LEEWAY_SECONDS) {
            throw new JwtException("token is not valid yet");
        }
        Long iat = numericDate(claims, "iat");
        if (iat != null && t < iat - LEEWAY_SECONDS) {
            throw new JwtException("token was issued in the future");
        }
    }
}
