package io.k3j.store;

/**
 * One committed change. {@code kv.modRevision()} is the event's revision; {@code prev} is the version it replaced
 * (null on CREATE), so watchers get the previous object on updates and deletes without another read.
 */
public record Event(Type type, KeyValue kv, KeyValue prev) {

    public enum Type { CREATE, UPDATE, DELETE }

    public long revision() {
        return kv.modRevision();
    }

    public String key() {
        return kv.key();
    }
}
