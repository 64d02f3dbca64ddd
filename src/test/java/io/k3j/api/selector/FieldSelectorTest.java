package io.k3j.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldSelectorTest {

    private static final ObjectMapper M = new ObjectMapper();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "metadata.name=foo|metadata.name=foo",
        "metadata.name==foo|metadata.name=foo",
        "metadata.name!=foo|metadata.name!=foo",
        "b=1,a=2|a=2,b=1",
        "a=x\\,y|a=x\\,y",
        "a=x\\=y\\\\z|a=x\\=y\\\\z",
        "a=|a=",
        "a=1,,b=2|a=1,b=2",
    })
    void canonicalForm(String input, String canonical) {
        assertThat(FieldSelector.parse(input).toString()).isEqualTo(canonical);
    }

    @Test
    void escapedValuesAreUnescaped() {
        FieldSelector s = FieldSelector.parse("a=x\\,y\\=z\\\\");
        assertThat(s.terms()).containsExactly(new FieldRequirement("a", false, "x,y=z\\"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "foo|invalid selector: 'foo'; can't understand 'foo'",
        "a=1,bar|invalid selector: 'a=1,bar'; can't understand 'bar'",
        "a=x\\y|invalid field selector: invalid escape sequence: \\y",
        "a=x\\|invalid field selector: invalid escape sequence: \\",
        "a=b=c|invalid field selector: unescaped character in value: 61",
    })
    void grammarErrors(String input, String message) {
        assertThatThrownBy(() -> FieldSelector.parse(input)).isInstanceOf(SelectorException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "{0}/{1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "``|Pod|spec.nodeName=n1|",
        "``|Pod|status.phase=Running|",
        "``|Pod|spec.hostNetwork=true|",
        "``|Pod|spec.foo=x|field label not supported: spec.foo",
        "``|Node|spec.unschedulable=true|",
        "``|Node|metadata.namespace=x|field label not supported: metadata.namespace",
        "``|Namespace|status.phase=Active|",
        "``|Secret|type=Opaque|",
        "``|Service|spec.clusterIP=None|",
        "``|ReplicationController|status.replicas=1|",
        "``|Event|involvedObject.name=x|",
        "``|Event|reportingComponent=x|",
        "events.k8s.io|Event|regarding.name=x|",
        "events.k8s.io|Event|involvedObject.name=x|field label not supported: involvedObject.name",
        "batch|Job|status.successful=1|",
        "batch|Job|status.active=1|field label \"status.active\" not supported for Job",
        "certificates.k8s.io|CertificateSigningRequest|spec.signerName=x|",
        "apps|Deployment|metadata.name=x|",
        "apps|ReplicaSet|status.replicas=1|\"status.replicas\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
        "``|ConfigMap|metadata.namespace=x|",
        "example.com|Foo|spec.x=1|\"spec.x\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
    })
    void perKindSupport(String group, String kind, String selector, String error) {
        FieldSelector s = FieldSelector.parse(selector);
        if (error == null) {
            assertThat(s.forKind(group, kind).terms()).hasSize(1);
        } else {
            assertThatThrownBy(() -> s.forKind(group, kind)).isInstanceOf(SelectorException.class).hasMessage(error);
        }
    }

    @Test
    void podAliasSpecHost() {
        assertThat(FieldSelector.parse("spec.host=n1").forKind("", "Pod").toString()).isEqualTo("spec.nodeName=n1");
    }

    @Test
    void matchesPods() throws Exception {
        JsonNode pod = M.readTree("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns"},
                 "spec":{"nodeName":"n1","restartPolicy":"Always"},"status":{"phase":"Running","podIP":"10.0.0.1"}}""");
        assertThat(sel("", "Pod", "spec.nodeName=n1").matches(pod)).isTrue();
        assertThat(sel("", "Pod", "spec.nodeName=n1,status.phase!=Running").matches(pod)).isFalse();
        assertThat(sel("", "Pod", "spec.hostNetwork=false").matches(pod)).isTrue();
        assertThat(sel("", "Pod", "status.nominatedNodeName=").matches(pod)).isTrue();
        assertThat(sel("", "Pod", "status.nominatedNodeName!=x").matches(pod)).isTrue();
        assertThat(sel("", "Pod", "metadata.namespace=ns,metadata.name=p").matches(pod)).isTrue();
        assertThat(sel("", "Pod", "status.podIP=10.0.0.1").matches(pod)).isTrue();
        assertThat(FieldSelector.everything().matches(pod)).isTrue();
    }

    @Test
    void matchesOtherKinds() throws Exception {
        JsonNode job = M.readTree("{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"j\"},\"status\":{\"succeeded\":2}}");
        assertThat(sel("batch", "Job", "status.successful=2").matches(job)).isTrue();
        JsonNode node = M.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"n\"},\"spec\":{}}");
        assertThat(sel("", "Node", "spec.unschedulable=false").matches(node)).isTrue();
        JsonNode ev = M.readTree("""
                {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"e"},
                 "regarding":{"kind":"Pod","name":"p"},"reportingController":"kubelet"}""");
        assertThat(sel("events.k8s.io", "Event", "regarding.name=p,reportingController=kubelet,source=kubelet").matches(ev)).isTrue();
        JsonNode coreEv = M.readTree("""
                {"apiVersion":"v1","kind":"Event","metadata":{"name":"e"},"involvedObject":{"uid":"u1"},
                 "source":{"component":"scheduler"},"type":"Normal"}""");
        assertThat(sel("", "Event", "involvedObject.uid=u1,source=scheduler,type=Normal").matches(coreEv)).isTrue();
    }

    private static FieldSelector sel(String group, String kind, String s) {
        return FieldSelector.parse(s).forKind(group, kind);
    }
}
