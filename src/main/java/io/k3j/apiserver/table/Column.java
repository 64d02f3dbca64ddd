package io.k3j.apiserver.table;

/**
 * One {@code columnDefinitions[]} entry of a Table. {@code type} is an OpenAPI type (string, integer, number, boolean,
 * date); {@code format} "name" marks the column kubectl prefixes with {@code kind/}; priority 1 columns show only
 * with {@code -o wide}.
 */
public record Column(String name, String type, String format, String description, int priority) {

    // Descriptions are our own short wording: kubectl never shows them, and upstream's text is API-doc prose.
    static final String NAME_DOC = "Name of the object, unique within its namespace (or the cluster).";
    static final String CREATED_DOC = "Time the server created the object (metadata.creationTimestamp).";

    public static Column objectName() {
        return new Column("Name", "string", "name", NAME_DOC, 0);
    }

    public static Column age() {
        return new Column("Age", "string", "", CREATED_DOC, 0);
    }

    /** The "Created At" column of kinds printed by upstream's default convertor (RBAC roles, CRDs…). */
    public static Column createdAt() {
        return new Column("Created At", "date", "", CREATED_DOC, 0);
    }

    public static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    public static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    public static Column bool(String name, String description) {
        return new Column(name, "boolean", "", description, 0);
    }

    /** The same column shown only with {@code -o wide}. */
    public Column wide() {
        return new Column(name, type, format, description, 1);
    }
}
