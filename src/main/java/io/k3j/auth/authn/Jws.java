package io.k3j.auth.authn;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;

/**
 * A JWS in compact serialisation ({@code header.payload.signature}) with a JSON payload: a JWT. Parsing is
 * strict (three parts, unpadded base64url, JSON objects without duplicate keys, no {@code crit} extensions,
 * an algorithm from {@link JwsAlgorithm}); nothing in it is trusted until {@link #verify} says so.
 */
public record Jws(ObjectNode header, ObjectNode claims, JwsAlgorithm algorithm, byte[] signingInput, byte[] signature) {

    /** Far above any real token (kube-apiserver's come in near 1 KiB); bounds the work a garbage header costs. */
    public static final int MAX_LENGTH = 16 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(20).build());
        // Two "sub" or two "alg" members could mean different things to different parsers: refuse them.
        JSON.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Whether {@code token} has the shape of a compact JWS (cheap; used to skip tokens of other kinds). */
    public static boolean looksLikeJwt(String token) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        return first > 0 && second > first + 1 && token.indexOf('.', second + 1) < 0 && token.length() <= MAX_LENGTH;
    }

    public static Jws parse(String token) throws JwtException {
        if (token.length() > MAX_LENGTH) {
            throw new JwtException("token is too long");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new JwtException("token is not a compact JWS (expected 3 parts, got " + parts.length + ")");
        }
        ObjectNode header = object(decode(parts[0], "header"), "header");
        ObjectNode claims = object(decode(parts[1], "payload"), "payload");
        byte[] signature = decode(parts[2], "signature");
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual()) {
            throw new JwtException("token header has no algorithm");
        }
        JwsAlgorithm algorithm = JwsAlgorithm.named(alg.asText())
                .orElseThrow(() -> new JwtException("unsupported signing algorithm \"" + printable(alg.asText()) + "\""));
        if (header.has("crit")) {
            throw new JwtException("token header names critical extensions k3j does not understand");
        }
        byte[] input = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        return new Jws(header, claims, algorithm, input, signature);
    }

    /** The header's key id, or empty. */
    public String keyId() {
        JsonNode kid = header.get("kid");
        return kid != null && kid.isTextual() ? kid.asText() : "";
    }

    public boolean verify(PublicKey key) {
        return algorithm.verify(key, signingInput, signature);
    }

    /** Signs {@code claims} into a compact JWS; {@code header} gets "alg" set here. */
    public static String sign(ObjectNode header, ObjectNode claims, JwsAlgorithm algorithm, PrivateKey key) {
        ObjectNode h = header.deepCopy();
        h.put("alg", algorithm.name());
        try {
            String input = encode(JSON.writeValueAsBytes(h)) + "." + encode(JSON.writeValueAsBytes(claims));
            byte[] sig = algorithm.sign(key, input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + encode(sig);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Unpadded base64url only (RFC 7515 §2): padding, '+', '/' or whitespace make the token invalid. */
    static byte[] decode(String part, String what) throws JwtException {
        for (int i = 0; i < part.length(); i++) {
            char c = part.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                throw new JwtException("token " + what + " is not base64url");
            }
        }
        try {
            return Base64.getUrlDecoder().decode(part);
        } catch (IllegalArgumentException e) {
            throw new JwtException("token " + what + " is not base64url");
        }
    }

    /** Parses JSON with the same limits as token parts (for peeking at claims before verification). */
    static JsonNode readJson(byte[] json) throws IOException {
        return JSON.readTree(json);
    }

    private static ObjectNode object(byte[] json, String what) throws JwtException {
        try {
            JsonNode node = JSON.readTree(json);
            if (node instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the message below says enough without echoing attacker-chosen text
        }
        throw new JwtException("token " + what + " is not a JSON object");
    }

    private static String printable(String s) {
        String cut = s.length() > 20 ? s.substring(0, 20) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?").replace("\"", "'");
    }
}
