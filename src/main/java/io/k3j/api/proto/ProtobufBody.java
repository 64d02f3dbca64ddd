package io.k3j.api.proto;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Decodes {@code application/vnd.kubernetes.protobuf} request bodies of built-in kinds into the JSON object a
 * JSON client would have sent, so the rest of the server sees one format. Pure and thread-safe.
 *
 * <pre>{@code
 * if (ProtobufBody.isProtobuf(contentType)) {
 *     if (!resource is built-in) throw ProtobufBody.unsupportedMediaType(ProtobufBody.CUSTOM_RESOURCE_MEDIA_TYPES);
 *     ObjectNode json = ProtobufBody.decode(body, endpointKind).object();
 * }
 * }</pre>
 */
public final class ProtobufBody {

    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    /** What kube-apiserver lists in a 415 for built-in resources. */
    public static final String BUILTIN_MEDIA_TYPES =
            "application/json, application/yaml, application/vnd.kubernetes.protobuf";
    /** Custom resources never speak protobuf. */
    public static final String CUSTOM_RESOURCE_MEDIA_TYPES = "application/json, application/yaml";

    private ProtobufBody() {
    }

    /** Whether a Content-Type header names the protobuf media type (parameters and case ignored). */
    public static boolean isProtobuf(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return media.toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
    }

    /** The 415 for a Content-Type the endpoint cannot decode, listing what it can. */
    public static ProtobufBodyException.UnsupportedMediaType unsupportedMediaType(String acceptedMediaTypes) {
        return new ProtobufBodyException.UnsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                        + acceptedMediaTypes);
    }

    /**
     * Builds the decoding plans of every built-in kind now rather than on each kind's first request (the first
     * Pod-bearing kind walks most of core/v1). Optional; call from a worker thread at boot.
     *
     * @return how many kinds were prepared
     */
    public static int prepare() {
        int n = 0;
        for (ResourceDescriptor r : BuiltinResources.all()) {
            var message = ProtoSchemas.messageFor(r.groupVersionKind());
            if (message.isPresent()) {
                Plans.of(message.get());
                n++;
            }
        }
        return n;
    }

    /** Decodes a body whose envelope must name its kind and apiVersion. */
    public static DecodedBody decode(byte[] body) throws ProtobufBodyException {
        return decode(body, null);
    }

    /**
     * Decodes a body sent to an endpoint that takes {@code expected} (e.g. apps/v1 Deployment for
     * {@code POST /apis/apps/v1/namespaces/x/deployments}, any DeleteOptions for a DELETE). Empty kind or version in
     * the envelope default to the endpoint's, as upstream's decoder does. Another version of the same group and
     * kind is decoded as sent, leaving version handling to the caller, as for a JSON body.
     */
    public static DecodedBody decode(byte[] body, GroupVersionKind expected) throws ProtobufBodyException {
        Envelope envelope = envelope(body, expected);
        GroupVersionKind actual = withDefaults(envelope, expected);
        if (actual.kind().isEmpty()) {
            throw new ProtobufBodyException.BadRequest("Object 'Kind' is missing in '" + summary(body) + "'");
        }
        if (actual.version().isEmpty()) {
            throw new ProtobufBodyException.BadRequest("Object 'apiVersion' is missing in '" + summary(body) + "'");
        }
        String target = expected == null ? actual.kind() : expected.kind();
        String prefix = actual.kind() + " in version \"" + actual.version() + "\" cannot be handled as a " + target
                + ": ";
        if (!envelope.contentEncoding().isEmpty()
                || !envelope.contentType().isEmpty() && !isProtobuf(envelope.contentType())) {
            throw new ProtobufBodyException.BadRequest(prefix + "unsupported content encoding \""
                    + envelope.contentEncoding() + "\" or type \"" + envelope.contentType() + "\"");
        }
        if (expected != null && !sameKind(actual, expected)) {
            throw new ProtobufBodyException.BadRequest(prefix + "converting (" + actual.version() + "."
                    + actual.kind() + ") to (" + internalPackage(expected.group()) + "." + expected.kind()
                    + "): unknown conversion");
        }
        Descriptor message = ProtoSchemas.messageFor(actual).orElseThrow(
                () -> new ProtobufBodyException.BadRequest(prefix + "no kind \"" + actual.kind()
                        + "\" is registered for version \"" + actual.apiVersion() + "\""));
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("apiVersion", actual.apiVersion());
        object.put("kind", actual.kind());
        try {
            object.setAll(WireReader.readObject(envelope.raw(), Plans.of(message)));
        } catch (IOException e) {
            throw new ProtobufBodyException.BadRequest(prefix + goError(e));
        }
        return new DecodedBody(actual, object);
    }

    private static Envelope envelope(byte[] body, GroupVersionKind expected) throws ProtobufBodyException {
        String unrecognized = "the object provided is unrecognized (must be of type "
                + (expected == null ? "runtime.Object" : expected.kind()) + "): ";
        if (body == null || body.length == 0) {
            throw new ProtobufBodyException.BadRequest(unrecognized + "empty data (<empty>)");
        }
        if (!Envelope.hasMagic(body)) {
            throw new ProtobufBodyException.BadRequest(unrecognized
                    + "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] ("
                    + summary(body) + ")");
        }
        if (body.length == Envelope.MAGIC.length) {
            throw new ProtobufBodyException.BadRequest(unrecognized + "empty body (" + summary(body) + ")");
        }
        try {
            return Envelope.parse(body);
        } catch (IOException e) {
            throw new ProtobufBodyException.BadRequest(unrecognized + goError(e) + " (" + summary(body) + ")");
        }
    }

    /** Upstream's copyKindDefaults: an empty kind, or an empty version (with its group), comes from the endpoint. */
    private static GroupVersionKind withDefaults(Envelope envelope, GroupVersionKind expected) {
        String apiVersion = envelope.apiVersion();
        int slash = apiVersion.lastIndexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        String kind = envelope.kind();
        if (expected != null) {
            if (kind.isEmpty()) {
                kind = expected.kind();
            }
            if (version.isEmpty() && !expected.version().isEmpty()) {
                group = expected.group();
                version = expected.version();
            }
        }
        return new GroupVersionKind(group, version, kind);
    }

    private static boolean sameKind(GroupVersionKind actual, GroupVersionKind expected) {
        if (!actual.kind().equals(expected.kind())) {
            return false;
        }
        // DeleteOptions is registered in every group version, so any apiVersion fits a DELETE.
        return actual.group().equals(expected.group()) || ProtoSchemas.isMetaKind(actual.kind());
    }

    private static String internalPackage(String group) {
        int dot = group.indexOf('.');
        return group.isEmpty() ? "core" : dot < 0 ? group : group.substring(0, dot);
    }

    /** protobuf-java's texts, reworded as gogo's Unmarshal says them. */
    private static String goError(IOException e) {
        if (e instanceof MalformedProtobuf) {
            return "proto: " + e.getMessage();
        }
        String m = String.valueOf(e.getMessage());
        if (e instanceof InvalidProtocolBufferException && m.contains("ended unexpectedly")) {
            return "unexpected EOF";
        }
        if (m.contains("malformed varint")) {
            return "proto: integer overflow";
        }
        if (m.contains("invalid tag") || m.contains("invalid wire type")) {
            return "proto: illegal tag or wire type";
        }
        return "proto: " + m;
    }

    /** Upstream's summarizeData: JSON-looking text as is, anything else hex, cut at 30 bytes. */
    private static String summary(byte[] body) {
        int n = Math.min(body.length, 30);
        String s = body.length > 0 && body[0] == '{'
                ? new String(body, 0, n, java.nio.charset.StandardCharsets.UTF_8)
                : HexFormat.of().formatHex(body, 0, n);
        return body.length > 30 ? s + " ..." : s;
    }
}
