package io.k3j.api.proto;

import static io.k3j.api.proto.Envelopes.meta;
import static io.k3j.api.proto.Envelopes.wrap;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.k3j.api.GroupVersionKind;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apiextensions;
import io.kubernetes.client.proto.V1Apps;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProtobufBodyErrorsTest {

    private static final GroupVersionKind DEPLOYMENT = new GroupVersionKind("apps", "v1", "Deployment");
    private static final GroupVersionKind SECRET = new GroupVersionKind("", "v1", "Secret");

    @Test
    void mediaTypeMatchingIgnoresParametersAndCase() {
        assertThat(ProtobufBody.isProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
        assertThat(ProtobufBody.isProtobuf("Application/VND.kubernetes.protobuf; charset=utf-8")).isTrue();
        assertThat(ProtobufBody.isProtobuf("application/json")).isFalse();
        assertThat(ProtobufBody.isProtobuf("application/vnd.kubernetes.protobuf+json")).isFalse();
        assertThat(ProtobufBody.isProtobuf(null)).isFalse();
    }

    @Test
    void unsupportedMediaTypeIs415WithUpstreamText() {
        ProtobufBodyException e = ProtobufBody.unsupportedMediaType(ProtobufBody.CUSTOM_RESOURCE_MEDIA_TYPES);
        assertThat(e.httpStatus()).isEqualTo(415);
        assertThat(e.reason()).isEqualTo("UnsupportedMediaType");
        assertThat(e.getMessage()).isEqualTo("the body of the request was in an unknown format - accepted media "
                + "types include: application/json, application/yaml");
        assertThat(ProtobufBody.unsupportedMediaType(ProtobufBody.BUILTIN_MEDIA_TYPES).getMessage()).endsWith(
                "application/json, application/yaml, application/vnd.kubernetes.protobuf");
    }

    @Test
    void notAnEnvelope() {
        assertBadRequest(new byte[0], SECRET, "the object provided is unrecognized (must be of type Secret): "
                + "empty data (<empty>)");
        byte[] json = "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{}}".getBytes(StandardCharsets.UTF_8);
        assertBadRequest(json, SECRET, "the object provided is unrecognized (must be of type Secret): provided data "
                + "does not appear to be a protobuf message, expected prefix [107 56 115 0] "
                + "({\"kind\":\"Secret\",\"apiVersion\": ...)");
        assertBadRequest(new byte[] {0x6b, 0x38, 0x73, 0x00}, SECRET, "empty body (6b387300)");
        assertBadRequest(new byte[] {0x6b, 0x38, 0x73, 0x01, 0x0a}, SECRET, "expected prefix [107 56 115 0] (6b38730"
                + "10a)");
    }

    @Test
    void truncatedAndGarbageObjects() {
        byte[] good = deployment();
        byte[] truncated = Arrays.copyOf(good, good.length - 3);
        assertBadRequest(truncated, DEPLOYMENT, "the object provided is unrecognized (must be of type Deployment): "
                + "unexpected EOF");
        // a valid envelope whose raw object is cut short
        V1Apps.Deployment d = V1Apps.Deployment.newBuilder().setMetadata(meta("web")).build();
        ByteString raw = d.toByteString().substring(0, d.getSerializedSize() - 1);
        assertBadRequest(wrap("apps/v1", "Deployment", raw), DEPLOYMENT,
                "Deployment in version \"v1\" cannot be handled as a Deployment: unexpected EOF");
        // metadata (field 1) sent as a varint
        assertBadRequest(wrap("apps/v1", "Deployment", ByteString.copyFrom(new byte[] {0x08, 0x01})), DEPLOYMENT,
                "Deployment in version \"v1\" cannot be handled as a Deployment: proto: wrong wireType = 0 for field "
                        + "Deployment.metadata");
    }

    @Test
    void kindsWithoutSchemaAndMismatchedKinds() {
        byte[] foo = wrap("example.com/v1", "Foo", ByteString.EMPTY);
        assertBadRequest(foo, new GroupVersionKind("example.com", "v1", "Foo"),
                "Foo in version \"v1\" cannot be handled as a Foo: no kind \"Foo\" is registered for version "
                        + "\"example.com/v1\"");
        byte[] configMap = wrap("v1", "ConfigMap", V1.ConfigMap.newBuilder().setMetadata(meta("x")).build());
        assertBadRequest(configMap, SECRET, "ConfigMap in version \"v1\" cannot be handled as a Secret: "
                + "converting (v1.ConfigMap) to (core.Secret): unknown conversion");
        assertBadRequest(wrap("", "", ByteString.EMPTY), null, "Object 'Kind' is missing in '");
    }

    @Test
    void emptyKindAndVersionDefaultToTheEndpoint() throws Exception {
        byte[] body = wrap("", "", V1.Secret.newBuilder().setMetadata(meta("s")).build());
        DecodedBody decoded = ProtobufBody.decode(body, SECRET);
        assertThat(decoded.kind()).isEqualTo(SECRET);
        assertThat(decoded.object().toString()).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"}}");
    }

    @Test
    void otherVersionOfTheSameKindIsDecodedAsSent() throws Exception {
        var hpa = io.kubernetes.client.proto.V1Autoscaling.HorizontalPodAutoscaler.newBuilder()
                .setMetadata(meta("h")).build();
        DecodedBody decoded = ProtobufBody.decode(wrap("autoscaling/v1", "HorizontalPodAutoscaler", hpa),
                new GroupVersionKind("autoscaling", "v2", "HorizontalPodAutoscaler"));
        assertThat(decoded.kind().version()).isEqualTo("v1");
        assertThat(decoded.object().path("apiVersion").asText()).isEqualTo("autoscaling/v1");
    }

    @Test
    void contentEncodingIsRefused() {
        Runtime.Unknown gzip = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion("v1").setKind("Secret"))
                .setContentEncoding("gzip").setRaw(ByteString.copyFrom(new byte[] {0x1f, (byte) 0x8b})).build();
        byte[] body = concat(new byte[] {0x6b, 0x38, 0x73, 0x00}, gzip.toByteArray());
        assertBadRequest(body, SECRET, "unsupported content encoding \"gzip\"");
    }

    @Test
    void unknownFieldsAreDroppedAsUpstreamDoes() throws Exception {
        V1.Secret s = V1.Secret.newBuilder().setMetadata(meta("s")).setType("Opaque").build();
        // field 999, length-delimited "new": what a newer client might add
        byte[] extra = concat(s.toByteArray(), new byte[] {(byte) 0xba, 0x3e, 0x03, 'n', 'e', 'w'});
        DecodedBody decoded = ProtobufBody.decode(wrap("v1", "Secret", ByteString.copyFrom(extra)), SECRET);
        assertThat(decoded.object().toString()).isEqualTo(
                "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"s\"},\"type\":\"Opaque\"}");
    }

    @Test
    void repeatedMessageFieldsMergeAndScalarsLastWins() throws Exception {
        byte[] first = V1.Secret.newBuilder().setMetadata(meta("a").putLabels("x", "1")).setType("A").build()
                .toByteArray();
        byte[] second = V1.Secret.newBuilder().setMetadata(Meta.ObjectMeta.newBuilder().setNamespace("ns"))
                .setType("B").build().toByteArray();
        DecodedBody decoded = ProtobufBody.decode(wrap("v1", "Secret", ByteString.copyFrom(concat(first, second))));
        assertThat(decoded.object().toString()).isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":"
                + "{\"name\":\"a\",\"labels\":{\"x\":\"1\"},\"namespace\":\"ns\"},\"type\":\"B\"}");
    }

    @Test
    void valuesJsonCannotCarry() {
        var crd = V1Apiextensions.CustomResourceDefinition.newBuilder().setSpec(
                V1Apiextensions.CustomResourceDefinitionSpec.newBuilder().addVersions(
                        V1Apiextensions.CustomResourceDefinitionVersion.newBuilder().setSchema(
                                V1Apiextensions.CustomResourceValidation.newBuilder().setOpenAPIV3Schema(
                                        V1Apiextensions.JSONSchemaProps.newBuilder().setMaximum(Double.NaN)))))
                .build();
        assertBadRequest(wrap("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd), null,
                "json: unsupported value: NaN");
        var revision = V1Apps.ControllerRevision.newBuilder().setData(Runtime.RawExtension.newBuilder()
                .setRaw(ByteString.copyFromUtf8("{\"a\":1} trailing"))).build();
        assertBadRequest(wrap("apps/v1", "ControllerRevision", revision), null, "embedded raw bytes are not JSON");
        var farFuture = V1.Secret.newBuilder().setMetadata(meta("s").setCreationTimestamp(
                Meta.Time.newBuilder().setSeconds(400_000_000_000L))).build();
        assertBadRequest(wrap("v1", "Secret", farFuture), null, "year outside of range [0,9999]");
    }

    @Test
    void nestingIsBounded() {
        V1Apiextensions.JSONSchemaProps schema = V1Apiextensions.JSONSchemaProps.newBuilder().setType("x").build();
        for (int i = 0; i < 150; i++) {
            schema = V1Apiextensions.JSONSchemaProps.newBuilder().setNot(schema).build();
        }
        var crd = V1Apiextensions.CustomResourceDefinition.newBuilder().setSpec(
                V1Apiextensions.CustomResourceDefinitionSpec.newBuilder().addVersions(
                        V1Apiextensions.CustomResourceDefinitionVersion.newBuilder().setSchema(
                                V1Apiextensions.CustomResourceValidation.newBuilder().setOpenAPIV3Schema(schema))))
                .build();
        assertBadRequest(wrap("apiextensions.k8s.io/v1", "CustomResourceDefinition", crd), null,
                "exceeded maximum nesting depth");
    }

    private static void assertBadRequest(byte[] body, GroupVersionKind expected, String messagePart) {
        assertThatThrownBy(() -> ProtobufBody.decode(body, expected))
                .isInstanceOfSatisfying(ProtobufBodyException.BadRequest.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(400);
                    assertThat(e.reason()).isEqualTo("BadRequest");
                })
                .hasMessageContaining(messagePart);
    }

    private static byte[] deployment() {
        return wrap("apps/v1", "Deployment", V1Apps.Deployment.newBuilder().setMetadata(meta("web"))
                .setSpec(V1Apps.DeploymentSpec.newBuilder().setReplicas(2)).build());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
