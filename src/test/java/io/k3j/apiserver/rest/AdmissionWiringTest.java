package io.k3j.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.admission.AdmissionChain;
import io.k3j.admission.AdmissionDenied;
import io.k3j.admission.AdmissionRequest;
import io.k3j.admission.MutatingPlugin;
import io.k3j.admission.Operation;
import io.k3j.admission.ValidatingPlugin;
import io.k3j.auth.UserInfo;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write path runs the admission chain: mutations reach the store, validating plugins see the final object and
 * can refuse (nothing is stored, upstream's Status), warnings become Warning headers, and each verb carries the
 * operation, old object, subresource and dry-run flag upstream's admission attributes carry.
 */
class AdmissionWiringTest {

    static final UserInfo ALICE = new UserInfo("alice", List.of("devs", UserInfo.AUTHENTICATED));

    @TempDir
    Path dir;
    RestHarness rest;
    final List<AdmissionRequest> seen = new CopyOnWriteArrayList<>();

    /** Labels every new configmap and warns. */
    final MutatingPlugin labeller = new MutatingPlugin() {
        @Override
        public String name() {
            return "TestLabeller";
        }

        @Override
        public boolean handles(AdmissionRequest r) {
            return r.resource().equals("configmaps");
        }

        @Override
        public Future<Void> admit(AdmissionRequest r) {
            seen.add(r);
            if (r.operation() == Operation.CREATE) {
                r.object().with("metadata").with("labels").put("admitted", "yes");
                r.warn("labelled \"by\" test");
            }
            return Future.succeededFuture();
        }
    };

    /** Refuses configmaps with data.deny, deletes of "keep", and pod status writes that set phase Failed. */
    final ValidatingPlugin guard = new ValidatingPlugin() {
        @Override
        public String name() {
            return "TestGuard";
        }

        @Override
        public Future<Void> validate(AdmissionRequest r) {
            seen.add(r);
            if (r.resource().equals("configmaps") && r.object() != null && r.object().path("data").has("deny")) {
                assertThat(r.object().path("metadata").path("labels").path("admitted").asText()).isEqualTo("yes");
                r.warn("checked");
                return Future.failedFuture(AdmissionDenied.forbidden(r, "deny is set"));
            }
            if (r.operation() == Operation.DELETE && r.name().equals("keep")) {
                return Future.failedFuture(AdmissionDenied.forbidden(r, "keep stays"));
            }
            if (r.is("", "pods", "status") && r.object().path("status").path("phase").asText().equals("Failed")) {
                return Future.failedFuture(AdmissionDenied.forbidden(r, "no failing"));
            }
            return Future.succeededFuture();
        }
    };

    @BeforeEach
    void setUp() {
        rest = new RestHarness(dir, ALICE, new AdmissionChain(List.of(labeller, guard)));
        assertThat(call("POST", "/api/v1/namespaces", "{\"metadata\":{\"name\":\"default\"}}").statusCode()).isEqualTo(201);
    }

    @AfterEach
    void tearDown() {
        rest.close();
    }

    HttpResponse<String> call(String method, String path, String body) {
        return rest.call(method, path, body);
    }

    HttpResponse<String> call(String method, String path, String body, String contentType) {
        return rest.call(method, path, body, contentType);
    }

    static JsonNode json(HttpResponse<String> r) {
        return RestHarness.json(r);
    }

    AdmissionRequest last(Operation op, String name) {
        return seen.reversed().stream().filter(r -> r.operation() == op && r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void createIsMutatedWarnedAndStored() {
        HttpResponse<String> r = call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"a\"}}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().allValues("Warning")).containsExactly("299 - \"labelled \\\"by\\\" test\"");
        HttpResponse<String> got = call("GET", "/api/v1/namespaces/default/configmaps/a", null);
        assertThat(json(got).path("metadata").path("labels").path("admitted").asText()).isEqualTo("yes");
        AdmissionRequest a = last(Operation.CREATE, "a");
        assertThat(a.user()).isEqualTo(ALICE);
        assertThat(a.kind()).isEqualTo("ConfigMap");
        assertThat(a.namespace()).isEqualTo("default");
        assertThat(a.oldObject()).isNull();
        assertThat(a.dryRun()).isFalse();
    }

    @Test
    void refusalIsUpstreamsStatusAndStoresNothing() {
        HttpResponse<String> r = call("POST", "/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"name\":\"b\"},\"data\":{\"deny\":\"1\"}}");
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode status = json(r);
        assertThat(status.path("reason").asText()).isEqualTo("Forbidden");
        assertThat(status.path("message").asText()).isEqualTo("configmaps \"b\" is forbidden: deny is set");
        assertThat(status.path("details").path("kind").asText()).isEqualTo("configmaps");
        assertThat(status.path("details").path("name").asText()).isEqualTo("b");
        assertThat(r.headers().allValues("Warning")).containsExactly("299 - \"labelled \\\"by\\\" test\"",
                "299 - \"checked\"");
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/b", null).statusCode()).isEqualTo(404);
    }

    @Test
    void updatesAndPatchesCarryTheOldObject() {
        call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"c\"},\"data\":{\"k\":\"1\"}}");
        HttpResponse<String> p = call("PATCH", "/api/v1/namespaces/default/configmaps/c", "{\"data\":{\"k\":\"2\"}}",
                "application/merge-patch+json");
        assertThat(p.statusCode()).isEqualTo(200);
        AdmissionRequest u = last(Operation.UPDATE, "c");
        assertThat(u.oldObject().path("data").path("k").asText()).isEqualTo("1");
        assertThat(u.object().path("data").path("k").asText()).isEqualTo("2");
        HttpResponse<String> denied = call("PATCH", "/api/v1/namespaces/default/configmaps/c", "{\"data\":{\"deny\":\"x\"}}",
                "application/merge-patch+json");
        // The labeller only labels creates, so the stored label (from the create) is what the guard sees.
        assertThat(denied.statusCode()).isEqualTo(403);
        assertThat(json(call("GET", "/api/v1/namespaces/default/configmaps/c", null)).path("data").has("deny")).isFalse();
    }

    @Test
    void deletesAreAdmittedWithTheStoredObject() {
        call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"keep\"}}");
        HttpResponse<String> d = call("DELETE", "/api/v1/namespaces/default/configmaps/keep", null);
        assertThat(d.statusCode()).isEqualTo(403);
        assertThat(json(d).path("message").asText()).isEqualTo("configmaps \"keep\" is forbidden: keep stays");
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/keep", null).statusCode()).isEqualTo(200);
        AdmissionRequest a = last(Operation.DELETE, "keep");
        assertThat(a.object()).isNull();
        assertThat(a.oldObject().path("metadata").path("name").asText()).isEqualTo("keep");
        // deletecollection asks for each object, and a refusal fails the request as upstream.
        call("POST", "/api/v1/namespaces/default/configmaps", "{\"metadata\":{\"name\":\"other\"}}");
        assertThat(call("DELETE", "/api/v1/namespaces/default/configmaps", null).statusCode()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/keep", null).statusCode()).isEqualTo(200);
    }

    @Test
    void dryRunIsFlaggedAndStoresNothing() {
        HttpResponse<String> r = call("POST", "/api/v1/namespaces/default/configmaps?dryRun=All",
                "{\"metadata\":{\"name\":\"dry\"}}");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(json(r).path("metadata").path("labels").path("admitted").asText()).isEqualTo("yes");
        assertThat(last(Operation.CREATE, "dry").dryRun()).isTrue();
        assertThat(call("GET", "/api/v1/namespaces/default/configmaps/dry", null).statusCode()).isEqualTo(404);
    }

    @Test
    void statusWritesAreAdmittedAsTheSubresourceWithTheMergedObject() {
        call("POST", "/api/v1/namespaces/default/pods",
                "{\"metadata\":{\"name\":\"p\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        HttpResponse<String> ok = call("PATCH", "/api/v1/namespaces/default/pods/p/status",
                "{\"status\":{\"phase\":\"Running\"}}", "application/merge-patch+json");
        assertThat(ok.statusCode()).isEqualTo(200);
        AdmissionRequest u = last(Operation.UPDATE, "p");
        assertThat(u.subresource()).isEqualTo("status");
        assertThat(u.object().path("spec").path("containers").get(0).path("image").asText()).isEqualTo("busybox");
        HttpResponse<String> no = call("PATCH", "/api/v1/namespaces/default/pods/p/status",
                "{\"status\":{\"phase\":\"Failed\"}}", "application/merge-patch+json");
        assertThat(no.statusCode()).isEqualTo(403);
        assertThat(json(call("GET", "/api/v1/namespaces/default/pods/p", null)).path("status").path("phase").asText())
                .isEqualTo("Running");
    }

    @Test
    void bindingsAndEvictionsAreAdmittedAsTheirSubresource() {
        call("POST", "/api/v1/namespaces/default/pods",
                "{\"metadata\":{\"name\":\"q\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(call("POST", "/api/v1/namespaces/default/pods/q/binding",
                "{\"metadata\":{\"name\":\"q\"},\"target\":{\"kind\":\"Node\",\"name\":\"n1\"}}").statusCode()).isEqualTo(201);
        AdmissionRequest b = seen.stream().filter(r -> r.is("", "pods", "binding")).findFirst().orElseThrow();
        assertThat(b.kind()).isEqualTo("Binding");
        assertThat(b.object().path("target").path("name").asText()).isEqualTo("n1");
        assertThat(call("POST", "/api/v1/namespaces/default/pods/q/eviction",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"q\"}}").statusCode()).isEqualTo(201);
        AdmissionRequest e = seen.stream().filter(r -> r.is("", "pods", "eviction")).findFirst().orElseThrow();
        assertThat(e.kind()).isEqualTo("Eviction");
        assertThat(e.operation()).isEqualTo(Operation.CREATE);
    }
}
