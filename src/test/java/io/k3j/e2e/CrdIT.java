package io.k3j.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CustomResourceDefinitions with real kubectl 1.33: a CRD is established within a second and served with its
 * short names, printer columns, status and scale subresources and two versions; custom objects go through
 * create, apply, patch, scale and schema validation with upstream's texts; explain reads the CRD's schema;
 * deleting the CRD deletes its objects (waiting for their finalizers) and its API.
 */
@Tag("e2e")
class CrdIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ClassServer server;
    private static Kubectl kubectl;

    private static final String CRONTABS = """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: crontabs.stable.example.com
            spec:
              group: stable.example.com
              scope: Namespaced
              names:
                plural: crontabs
                singular: crontab
                kind: CronTab
                shortNames: [ct]
                categories: [all]
              versions:
              - name: v1beta1
                served: true
                storage: false
                deprecated: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec: {type: object, x-kubernetes-preserve-unknown-fields: true}
                      status: {type: object, x-kubernetes-preserve-unknown-fields: true}
              - name: v1
                served: true
                storage: true
                subresources:
                  status: {}
                  scale:
                    specReplicasPath: .spec.replicas
                    statusReplicasPath: .status.replicas
                    labelSelectorPath: .status.selector
                additionalPrinterColumns:
                - {name: Spec, type: string, jsonPath: .spec.cronSpec}
                - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                schema:
                  openAPIV3Schema:
                    type: object
                    description: CronTab runs an image on a schedule.
                    properties:
                      spec:
                        type: object
                        description: What to run and when.
                        required: [cronSpec]
                        properties:
                          cronSpec: {type: string, description: A cron expression., pattern: '^(\\S+\\s+){4}\\S+$'}
                          image: {type: string, maxLength: 20}
                          replicas: {type: integer, minimum: 0, maximum: 10, default: 1}
                          mode: {type: string, enum: [fast, slow]}
                      status:
                        type: object
                        properties:
                          replicas: {type: integer}
                          selector: {type: string}
            """;

    @BeforeAll
    static void boot() throws Exception {
        server = ClassServer.boot("k3j-crd");
        kubectl = server.kubectl;
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private static Path file(String name, String content) throws Exception {
        return Files.writeString(server.dir.resolve(name), content);
    }

    private static JsonNode json(String... args) throws Exception {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "-o";
        all[args.length + 1] = "json";
        return JSON.readTree(kubectl.run(all).assertOk().out());
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void customResourcesThroughKubectl() throws Exception {
        assertThat(kubectl.run("apply", "-f", file("crontabs.yaml", CRONTABS).toString()).assertOk().out())
                .contains("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created");
        kubectl.run("wait", "--for=condition=established", "--timeout=10s", "crd/crontabs.stable.example.com").assertOk();
        JsonNode crd = json("get", "crd", "crontabs.stable.example.com");
        Instant created = Instant.parse(crd.at("/metadata/creationTimestamp").asText());
        for (JsonNode c : crd.at("/status/conditions")) {
            if (c.path("type").asText().equals("Established")) {
                assertThat(c.path("status").asText()).isEqualTo("True");
                assertThat(c.path("reason").asText()).isEqualTo("InitialNamesAccepted");
                // Established after creation (how long after depends on the machine's load: not asserted).
                assertThat(Instant.parse(c.path("lastTransitionTime").asText())).isAfterOrEqualTo(created);
            }
        }
        assertThat(crd.at("/status/acceptedNames/shortNames/0").asText()).isEqualTo("ct");
        assertThat(crd.at("/spec/conversion/strategy").asText()).isEqualTo("None");
        assertThat(kubectl.run("api-resources", "--api-group=stable.example.com").assertOk().out())
                .containsPattern("(?m)^crontabs\\s+ct\\s+stable.example.com/v1\\s+true\\s+CronTab$");
        kubectl.run("create", "namespace", "crons").assertOk();

        // create -f (strict validation against the CRD's OpenAPI), defaults applied, printer columns in kubectl get.
        Path nightly = file("nightly.yaml", """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: nightly, namespace: crons}
                spec: {cronSpec: "0 3 * * *", image: backup:1}
                """);
        assertThat(kubectl.run("create", "-f", nightly.toString()).assertOk().out())
                .contains("crontab.stable.example.com/nightly created");
        String table = kubectl.run("-n", "crons", "get", "ct").assertOk().out();
        assertThat(table).containsPattern("(?m)^NAME\\s+SPEC\\s+REPLICAS\\s+AGE$")
                .containsPattern("(?m)^nightly\\s+0 3 \\* \\* \\*\\s+1\\s+\\d+s$");
        assertThat(kubectl.run("-n", "crons", "get", "all").assertOk().out()).contains("crontab.stable.example.com/nightly");

        // apply, the patch types, scale and the status subresource.
        Path hourly = file("hourly.yaml", """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: hourly, namespace: crons}
                spec: {cronSpec: "0 * * * *", image: report:1}
                """);
        assertThat(kubectl.run("apply", "-f", hourly.toString()).assertOk().out()).contains("crontab.stable.example.com/hourly created");
        Files.writeString(hourly, Files.readString(hourly).replace("report:1", "report:2"));
        assertThat(kubectl.run("apply", "-f", hourly.toString()).assertOk().out()).contains("crontab.stable.example.com/hourly configured");
        kubectl.run("-n", "crons", "patch", "ct", "hourly", "--type=merge", "-p", "{\"spec\":{\"mode\":\"fast\"}}").assertOk();
        kubectl.run("-n", "crons", "patch", "ct", "hourly", "--type=json", "-p",
                "[{\"op\":\"replace\",\"path\":\"/spec/mode\",\"value\":\"slow\"}]").assertOk();
        assertThat(kubectl.run("-n", "crons", "patch", "ct", "hourly", "-p", "{\"spec\":{\"mode\":\"fast\"}}").err())
                .contains("application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab");
        assertThat(kubectl.run("-n", "crons", "scale", "ct", "hourly", "--replicas=3").assertOk().out())
                .contains("crontab.stable.example.com/hourly scaled");
        kubectl.run("-n", "crons", "patch", "ct", "hourly", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"replicas\":3,\"selector\":\"app=hourly\"}}").assertOk();
        kubectl.run("-n", "crons", "apply", "--server-side", "--force-conflicts", "-f", hourly.toString()).assertOk();
        JsonNode obj = json("-n", "crons", "get", "ct", "hourly");
        assertThat(obj.at("/spec/image").asText()).isEqualTo("report:2");
        assertThat(obj.at("/spec/mode").asText()).isEqualTo("slow");
        assertThat(obj.at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(obj.at("/status/replicas").asInt()).isEqualTo(3);
        assertThat(obj.at("/metadata/generation").asLong()).isGreaterThan(1);
        JsonNode scale = JSON.readTree(kubectl.run("get", "--raw",
                "/apis/stable.example.com/v1/namespaces/crons/crontabs/hourly/scale").assertOk().out());
        assertThat(scale.at("/status/selector").asText()).isEqualTo("app=hourly");
        assertThat(scale.at("/spec/replicas").asInt()).isEqualTo(3);

        // The other served version: same object, converted apiVersion, deprecation warning.
        Kubectl.Result beta = kubectl.run("-n", "crons", "get", "crontabs.v1beta1.stable.example.com", "hourly",
                "-o", "jsonpath={.apiVersion} {.spec.image}").assertOk();
        assertThat(beta.out()).isEqualTo("stable.example.com/v1beta1 report:2");
        assertThat(beta.err()).contains("Warning: stable.example.com/v1beta1 CronTab is deprecated; use stable.example.com/v1 CronTab");

        // Schema validation with upstream's texts, and strict unknown fields.
        Path bad = file("bad.yaml", """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: bad, namespace: crons}
                spec: {cronSpec: "nope", image: a-very-long-image-name, replicas: "three", mode: medium}
                """);
        String invalid = kubectl.run("create", "-f", bad.toString()).err();
        assertThat(invalid).contains("The CronTab \"bad\" is invalid:",
                "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\"",
                "spec.mode: Unsupported value: \"medium\": supported values: \"fast\", \"slow\"",
                "spec.image: Too long: may not be more than 20 bytes",
                "spec.cronSpec: Invalid value: \"nope\": spec.cronSpec in body should match");
        assertThat(kubectl.run("-n", "crons", "scale", "ct", "hourly", "--replicas=11").err())
                .contains("spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10");
        Path unknown = file("unknown.yaml", """
                apiVersion: stable.example.com/v1
                kind: CronTab
                metadata: {name: unknown, namespace: crons}
                spec: {cronSpec: "* * * * *", colour: blue}
                """);
        assertThat(kubectl.run("create", "-f", unknown.toString()).err())
                .contains("strict decoding error: unknown field \"spec.colour\"");

        // explain reads the CRD's schema from OpenAPI v3.
        String explain = kubectl.run("explain", "crontabs.spec").assertOk().out();
        assertThat(explain).contains("KIND:       CronTab", "What to run and when.", "cronSpec", "A cron expression.", "-required-");

        // Deleting the CRD deletes its objects and its API.
        kubectl.run("delete", "crd", "crontabs.stable.example.com", "--timeout=60s").assertOk();
        assertThat(kubectl.run("get", "--raw", "/apis/stable.example.com/v1/namespaces/crons/crontabs").err())
                .contains("NotFound");
        assertThat(kubectl.run("get", "--raw", "/apis").assertOk().out()).doesNotContain("stable.example.com");
        kubectl.run("apply", "-f", file("crontabs.yaml", CRONTABS).toString()).assertOk();
        kubectl.run("wait", "--for=condition=established", "--timeout=10s", "crd/crontabs.stable.example.com").assertOk();
        assertThat(json("-n", "crons", "get", "crontabs").path("items")).isEmpty();
        kubectl.run("delete", "crd", "crontabs.stable.example.com", "--timeout=60s").assertOk();
        kubectl.run("delete", "namespace", "crons", "--wait=false").assertOk();
    }

    @Test
    void deletionWaitsForFinalizersAndVersionsComeAndGo() throws Exception {
        String widgets = """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.acme.io}
                spec:
                  group: acme.io
                  scope: Cluster
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}
                  - name: v2
                    served: SERVED
                    storage: false
                    schema:
                      openAPIV3Schema: {type: object, properties: {spec: {type: object, properties: {size: {type: integer}}}}}
                """;
        kubectl.run("apply", "-f", file("widgets.yaml", widgets.replace("SERVED", "true")).toString()).assertOk();
        kubectl.run("wait", "--for=condition=established", "--timeout=10s", "crd/widgets.acme.io").assertOk();
        assertThat(kubectl.run("get", "--raw", "/apis/acme.io").assertOk().out()).contains("acme.io/v2");
        assertThat(kubectl.run("get", "--raw", "/openapi/v3").assertOk().out()).contains("apis/acme.io/v2");

        // A version no longer served leaves discovery and OpenAPI.
        kubectl.run("apply", "-f", file("widgets.yaml", widgets.replace("SERVED", "false")).toString()).assertOk();
        await("v2 to leave discovery", () -> !kubectl.run("get", "--raw", "/apis/acme.io").out().contains("acme.io/v2"));
        assertThat(kubectl.run("get", "--raw", "/openapi/v3").assertOk().out()).doesNotContain("apis/acme.io/v2");

        // A second CRD of the group claiming the same kind is refused its names, with upstream's reason, and
        // (never established) goes at once when deleted.
        kubectl.run("apply", "-f", file("gizmos.yaml", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gizmos.acme.io}
                spec:
                  group: acme.io
                  scope: Cluster
                  names: {plural: gizmos, singular: gizmo, kind: Widget, listKind: GizmoList}
                  versions:
                  - {name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}
                """).toString()).assertOk();
        await("gizmos to be refused its kind", () -> kubectl.run("get", "crd", "gizmos.acme.io", "-o",
                "jsonpath={.status.conditions[?(@.type==\"NamesAccepted\")].message}").out().equals("\"Widget\" is already in use"));
        assertThat(kubectl.run("get", "crd", "gizmos.acme.io", "-o",
                "jsonpath={.status.conditions[?(@.type==\"NamesAccepted\")].reason} "
                        + "{.status.conditions[?(@.type==\"Established\")].status}").assertOk().out()).isEqualTo("KindConflict False");
        kubectl.run("delete", "crd", "gizmos.acme.io", "--timeout=30s").assertOk();

        Path held = file("held.yaml", """
                apiVersion: acme.io/v1
                kind: Widget
                metadata: {name: held, finalizers: [acme.io/hold]}
                spec: {size: 1}
                """);
        kubectl.run("create", "-f", held.toString()).assertOk();
        kubectl.run("delete", "crd", "widgets.acme.io", "--wait=false").assertOk();
        await("the CRD to report InstanceDeletionInProgress", () -> kubectl.run("get", "crd", "widgets.acme.io", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Terminating\")].reason}").out().equals("InstanceDeletionInProgress"));
        assertThat(kubectl.run("get", "crd", "widgets.acme.io", "-o", "jsonpath={.metadata.finalizers}").assertOk().out())
                .contains("customresourcecleanup.apiextensions.k8s.io");
        assertThat(kubectl.run("get", "widget", "held", "-o", "jsonpath={.metadata.deletionTimestamp}").assertOk().out())
                .isNotEmpty();
        assertThat(kubectl.run("create", "-f", file("new.yaml", """
                apiVersion: acme.io/v1
                kind: Widget
                metadata: {name: new}
                """).toString()).err()).contains("create not allowed while custom resource definition is terminating");

        kubectl.run("patch", "widget", "held", "--type=merge", "-p", "{\"metadata\":{\"finalizers\":null}}").assertOk();
        kubectl.run("wait", "--for=delete", "crd/widgets.acme.io", "--timeout=30s").assertOk();
        assertThat(kubectl.run("get", "--raw", "/apis").assertOk().out()).doesNotContain("acme.io");
    }
}
