package io.k3j.api.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * A node factory whose JSON objects keep their fields in {@link CompactFields}: the same trees, a fraction of the
 * heap. Use it for mappers whose trees live long (the watch cache, informers); short-lived trees do not care.
 * (Trees copied with {@code deepCopy()} get Jackson's usual maps: copies are made to be written and dropped.)
 */
public final class CompactNodes extends JsonNodeFactory {

    public static final CompactNodes INSTANCE = new CompactNodes();

    private CompactNodes() {
        super(false);
    }

    /**
     * Recently made short strings, shared: most values in a cluster's objects repeat (API versions, "True",
     * "Exists", image names, namespaces, managedFields' manager names and timestamps). A text node is immutable, so
     * sharing one is safe. The table is lossy (a colliding string replaces its slot) and racy by design: a lost
     * write only means one more node, never a wrong one.
     */
    private static final int SHARED_SLOTS = 8192;
    private static final int SHARED_MAX_LENGTH = 64;
    private final TextNode[] shared = new TextNode[SHARED_SLOTS];

    @Override
    public ObjectNode objectNode() {
        return new ObjectNode(this, new CompactFields());
    }

    @Override
    public TextNode textNode(String text) {
        if (text == null || text.length() > SHARED_MAX_LENGTH) {
            return super.textNode(text);
        }
        int h = text.hashCode();
        int slot = (h ^ (h >>> 16)) & (SHARED_SLOTS - 1);
        TextNode known = shared[slot];
        if (known != null && known.textValue().equals(text)) {
            return known;
        }
        TextNode made = super.textNode(text);
        shared[slot] = made;
        return made;
    }

    /** A fresh mapper (configure it as you like) that builds compact trees. */
    public static ObjectMapper mapper() {
        // No field-name canonicalisation in the parser: its symbol table is copied whole (up to a few hundred KB)
        // by every parse that meets a name it has not seen, and Kubernetes objects are full of one-off names
        // (managedFields' "k:{...}" keys, label and annotation keys). That was most of what an idle cluster
        // allocated. CompactFields interns the names it stores instead (FieldNames), which costs nothing per parse.
        ObjectMapper m = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());
        m.setNodeFactory(INSTANCE);
        return m;
    }
}
