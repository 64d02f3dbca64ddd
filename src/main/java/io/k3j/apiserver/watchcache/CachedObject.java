package io.k3j.apiserver.watchcache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;

/**
 * One object as the cache holds it: parsed once, with {@code metadata.resourceVersion} set to the revision that
 * wrote it. Shared by every list and watcher, so it is read-only by contract: callers that change an object copy it
 * first ({@link #copy()}). Its JSON bytes are encoded at most once, however many watchers receive it.
 */
public final class CachedObject {

    private final String key;
    private final long revision;
    private final ObjectNode object;
    private volatile byte[] bytes;

    CachedObject(String key, long revision, ObjectNode object) {
        this.key = key;
        this.revision = revision;
        this.object = object;
    }

    static CachedObject parse(String key, long revision, byte[] stored) {
        ObjectNode obj = Json.stored(stored);
        ObjectNode meta = obj.with("metadata");
        meta.put("resourceVersion", String.valueOf(revision));
        return new CachedObject(key, revision, obj);
    }

    public String key() {
        return key;
    }

    public long revision() {
        return revision;
    }

    /** The shared, read-only tree. */
    public ObjectNode object() {
        return object;
    }

    public ObjectNode copy() {
        return object.deepCopy();
    }

    /** The object's JSON, encoded once. */
    public byte[] bytes() {
        byte[] b = bytes;
        if (b == null) {
            b = Json.bytes(object);
            bytes = b;
        }
        return b;
    }
}
