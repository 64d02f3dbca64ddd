package io.k3j.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Descriptors.Descriptor;
import io.k3j.api.BuiltinResources;
import io.k3j.api.GroupVersionKind;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.SubresourceDescriptor;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every kind a client can POST or PUT to the catalog's endpoints has a message, and the tables name real fields. */
class CatalogCoverageTest {

    /** Not in client-java-proto: kube-aggregator's types are not generated there. JSON only for now. */
    private static final Set<String> NO_SCHEMA = Set.of("apiregistration.k8s.io/v1, Kind=APIService");

    @Test
    void everyBuiltinKindAndSubresourceBodyHasAMessage() {
        List<String> missing = new ArrayList<>();
        for (ResourceDescriptor r : BuiltinResources.all()) {
            check(r.groupVersionKind(), missing);
            check(new GroupVersionKind(r.group(), r.version(), "DeleteOptions"), missing);
            for (SubresourceDescriptor s : r.subresources()) {
                if (s.verbs().contains("create") || s.verbs().contains("update")) {
                    GroupVersionKind k = s.responseKind(r);
                    if (!k.kind().endsWith("Options")) { // exec/attach/proxy options travel as query parameters
                        check(k, missing);
                    }
                }
            }
        }
        assertThat(missing).containsExactlyInAnyOrderElementsOf(NO_SCHEMA);
    }

    @Test
    void createOnlyReviewKindsAreCovered() {
        for (String kind : List.of("SelfSubjectAccessReview", "SubjectAccessReview", "LocalSubjectAccessReview",
                "SelfSubjectRulesReview")) {
            assertThat(ProtoSchemas.supports(new GroupVersionKind("authorization.k8s.io", "v1", kind))).isTrue();
        }
        for (String kind : List.of("TokenReview", "SelfSubjectReview", "TokenRequest")) {
            assertThat(ProtoSchemas.supports(new GroupVersionKind("authentication.k8s.io", "v1", kind))).isTrue();
        }
        assertThat(ProtoSchemas.supports(new GroupVersionKind("policy", "v1", "Eviction"))).isTrue();
        assertThat(ProtoSchemas.supports(new GroupVersionKind("autoscaling", "v1", "Scale"))).isTrue();
        assertThat(ProtoSchemas.supports(new GroupVersionKind("", "v1", "Binding"))).isTrue();
        assertThat(ProtoSchemas.supports(new GroupVersionKind("meta.k8s.io", "v1", "DeleteOptions"))).isTrue();
    }

    @Test
    void tablesNameExistingFields() throws Exception {
        Field keep = ZeroFields.class.getDeclaredField("KEEP");
        keep.setAccessible(true);
        @SuppressWarnings("unchecked")
        Set<String> fields = (Set<String>) keep.get(null);
        List<String> unknown = new ArrayList<>();
        for (String f : fields) {
            if (!exists(f)) {
                unknown.add(f);
            }
        }
        for (String f : JsonNames.notIn133Fields()) {
            if (!exists(f)) {
                unknown.add(f);
            }
        }
        for (String f : JsonNames.inlineFields()) {
            if (!exists(f)) {
                unknown.add(f);
            }
        }
        assertThat(unknown).isEmpty();
        assertThat(fields).hasSizeGreaterThan(200);
    }

    private static boolean exists(String messageDotField) {
        int dot = messageDotField.lastIndexOf('.');
        try {
            Descriptor d = ProtoSchemas.message(messageDotField.substring(0, dot));
            return d.findFieldByName(messageDotField.substring(dot + 1)) != null;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static void check(GroupVersionKind k, List<String> missing) {
        if (!ProtoSchemas.supports(k) && !missing.contains(k.toString())) {
            missing.add(k.toString());
        }
    }
}
