package io.k3j.apiserver.discovery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A serialised document ready to write: bytes, the Content-Type to send and a content hash. The hash is the
 * upper-case hex SHA-512 of the bytes, as kube-apiserver computes its discovery ETags and OpenAPI hashes.
 */
public record CachedDocument(byte[] bytes, String contentType, String hash) {

    public static CachedDocument of(byte[] bytes, String contentType) {
        return new CachedDocument(bytes, contentType, sha512Hex(bytes));
    }

    /** The ETag header value, quoted as HTTP requires. */
    public String etag() {
        return '"' + hash + '"';
    }

    /** True when an If-None-Match header names this document, so the server can answer 304. */
    public boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(etag()) || t.equals(hash)) {
                return true;
            }
        }
        return false;
    }

    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    public static String sha512Hex(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is mandatory in every JDK", e);
        }
    }
}
