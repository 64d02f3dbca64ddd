package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static io.k3j.api.patch.Json.o;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.GroupVersionKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class StrategicMergePatchTest {

    private static final GroupVersionKind POD = new GroupVersionKind("", "v1", "Pod");
    private static final GroupVersionKind DEPLOY = new GroupVersionKind("apps", "v1", "Deployment");
    private final StrategicMergePatch smp = new StrategicMergePatch(new BuiltinPatchSchema());

    private static final String POD_SPEC = """
            {'spec':{'containers':[
               {'name':'nginx','image':'nginx:1.0','env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                'ports':[{'containerPort':80,'protocol':'TCP'}]},
               {'name':'sidecar','image':'busybox'}],
             'tolerations':[{'key':'a','operator':'Exists'}]}}""";

    /** Patches to a pod; the expected value is the subtree at the path given. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "containers merge by name|{'spec':{'containers':[{'name':'nginx','image':'nginx:1.1'}]}}|/spec/containers/0/image|'nginx:1.1'",
        "untouched container kept|{'spec':{'containers':[{'name':'nginx','image':'nginx:1.1'}]}}|/spec/containers/1/name|'sidecar'",
        "new container without order goes first|{'spec':{'containers':[{'name':'new','image':'x'}]}}|/spec/containers/0|{'name':'new','image':'x'}",
        "then the existing ones in order|{'spec':{'containers':[{'name':'new','image':'x'}]}}|/spec/containers/2/name|'sidecar'",
        "setElementOrder places new container|{'spec':{'$setElementOrder/containers':[{'name':'nginx'},{'name':'new'},{'name':'sidecar'}],'containers':[{'name':'new','image':'x'}]}}|/spec/containers/1/name|'new'",
        "setElementOrder reorders existing|{'spec':{'$setElementOrder/containers':[{'name':'sidecar'},{'name':'nginx'}]}}|/spec/containers/0/name|'sidecar'",
        "env merge by name|{'spec':{'containers':[{'name':'nginx','env':[{'name':'B','value':'3'}]}]}}|/spec/containers/0/env|[{'name':'A','value':'1'},{'name':'B','value':'3'}]",
        "env value null deletes field|{'spec':{'containers':[{'name':'nginx','env':[{'name':'A','value':null}]}]}}|/spec/containers/0/env/0|{'name':'A'}",
        "ports merge by containerPort|{'spec':{'containers':[{'name':'nginx','ports':[{'containerPort':80,'name':'http'}]}]}}|/spec/containers/0/ports|[{'containerPort':80,'protocol':'TCP','name':'http'}]",
        "new port prepended|{'spec':{'containers':[{'name':'nginx','ports':[{'containerPort':443}]}]}}|/spec/containers/0/ports|[{'containerPort':443},{'containerPort':80,'protocol':'TCP'}]",
        "$patch delete removes element|{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}|/spec/containers/0/name|'nginx'",
        "$patch delete leaves one|{'spec':{'containers':[{'name':'sidecar','$patch':'delete'}]}}|/spec/containers/1|`null`",
        "$patch replace list|{'spec':{'containers':[{'$patch':'replace'},{'name':'only','image':'o'}]}}|/spec/containers|[{'name':'only','image':'o'}]",
        "tolerations replace whole|{'spec':{'tolerations':[{'key':'b','operator':'Exists'}]}}|/spec/tolerations|[{'key':'b','operator':'Exists'}]",
        "null deletes map field|{'spec':{'tolerations':null}}|/spec/tolerations|`null`",
        "null for absent field is dropped|{'spec':{'nodeName':null}}|/spec/nodeName|`null`",
        "and nothing else changes|{'spec':{'nodeName':null}}|/spec/tolerations|[{'key':'a','operator':'Exists'}]",
        "$deleteFromPrimitiveList|{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}|/metadata/finalizers|['b']",
        "finalizers merge as a set|{'metadata':{'finalizers':['b','c']}}|/metadata/finalizers|['a','b','c']",
        "new finalizer goes first|{'metadata':{'finalizers':['c']}}|/metadata/finalizers|['c','a','b']",
        "setElementOrder on a primitive list|{'metadata':{'$setElementOrder/finalizers':['b','c','a'],'finalizers':['c']}}|/metadata/finalizers|['b','c','a']",
        "kubectl apply removing a finalizer|{'metadata':{'$setElementOrder/finalizers':['b'],'$deleteFromPrimitiveList/finalizers':['a']}}|/metadata/finalizers|['b']",
        "deleteFromPrimitiveList on absent list is a no-op|{'spec':{'$deleteFromPrimitiveList/finalizers':['a']}}|/spec/finalizers|`null`",
        "labels replace via $patch|{'metadata':{'labels':{'$patch':'replace','z':'1'}}}|/metadata/labels|{'z':'1'}",
        "new map marked $patch is left out|{'metadata':{'annotations':{'$patch':'delete','a':'b'}}}|/metadata/annotations|`null`",
        "new nested value drops nulls and directives|{'spec':{'affinity':{'x':null,'y':{'$retainKeys':['z'],'z':1}}}}|/spec/affinity|{'y':{'z':1}}",
        "map $patch delete empties map|{'metadata':{'labels':{'$patch':'delete'}}}|/metadata/labels|{}",
        "new list with delete directive is cleaned|{'spec':{'initContainers':[{'name':'x','$patch':'delete'},{'name':'i'}]}}|/spec/initContainers|[{'name':'i'}]",
        "volumes merge by name|{'spec':{'volumes':[{'name':'v2','emptyDir':{}}]}}|/spec/volumes|[{'name':'v2','emptyDir':{}},{'name':'v1','configMap':{'name':'c'}}]",
        "retainKeys in volume element|{'spec':{'volumes':[{'name':'v1','$retainKeys':['name','emptyDir'],'emptyDir':{}}]}}|/spec/volumes/0|{'name':'v1','emptyDir':{}}",
        "unknown list replaces|{'spec':{'containers':[{'name':'nginx','args':['b']}]}}|/spec/containers/0/args|['b']",
    })
    void podPatches(String name, String patch, String pointer, String expected) {
        ObjectNode original = o(POD_SPEC);
        original.set("metadata", j("{'name':'p','finalizers':['a','b'],'labels':{'x':'1'}}"));
        ((ObjectNode) original.get("spec")).set("volumes", j("[{'name':'v1','configMap':{'name':'c'}}]"));
        ((ObjectNode) original.get("spec").get("containers").get(0)).set("args", j("['a']"));
        JsonNode result = smp.apply(original, j(patch), POD);
        JsonNode at = result.at(pointer);
        assertThat(at.isMissingNode() ? j("null") : at).isEqualTo(j(expected));
    }

    @Test
    void nullForAbsentFieldIsNotStored() {
        JsonNode out = smp.apply(o(POD_SPEC), j("{'spec':{'nodeName':null,'containers':[{'name':'new','x':null}]}}"), POD);
        assertThat(out.get("spec").has("nodeName")).isFalse();
        assertThat(out.at("/spec/containers/0")).isEqualTo(j("{'name':'new'}"));
    }

    @Test
    void originalIsNotModified() {
        ObjectNode original = o(POD_SPEC);
        smp.apply(original, j("{'spec':{'containers':[{'name':'nginx','image':'changed'}]}}"), POD);
        assertThat(original).isEqualTo(o(POD_SPEC));
    }

    @Test
    void retainKeysSwitchesDeploymentStrategy() {
        ObjectNode d = o("{'spec':{'replicas':1,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}");
        JsonNode out = smp.apply(d, j("{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}"), DEPLOY);
        assertThat(out).isEqualTo(j("{'spec':{'replicas':1,'strategy':{'type':'Recreate'}}}"));
    }

    @Test
    void retainKeysMustListEveryPatchedKey() {
        ObjectNode d = o("{'spec':{'strategy':{'type':'RollingUpdate'}}}");
        assertThatThrownBy(() -> smp.apply(d, j("{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}"), DEPLOY))
                .isInstanceOfSatisfying(PatchException.Invalid.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("invalid patch format of retainKeys");
    }

    @Test
    void kubectlApplyStylePatchOnDeploymentTemplate() {
        ObjectNode d = o("""
                {'spec':{'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[
                   {'name':'web','image':'nginx:1','env':[{'name':'X','value':'1'}]},
                   {'name':'injected','image':'mesh'}]}}}}""");
        JsonNode patch = j("""
                {'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-01-01T00:00:00Z'}},
                  'spec':{'$setElementOrder/containers':[{'name':'web'}],
                          'containers':[{'name':'web','image':'nginx:2',
                              '$setElementOrder/env':[{'name':'X'},{'name':'Y'}],'env':[{'name':'Y','value':'2'}]}]}}}}""");
        JsonNode out = smp.apply(d, patch, DEPLOY);
        assertThat(out.at("/spec/template/spec/containers")).isEqualTo(j("""
                [{'name':'web','image':'nginx:2','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]},
                 {'name':'injected','image':'mesh'}]"""));
        assertThat(out.at("/spec/template/metadata")).isEqualTo(j(
                "{'labels':{'app':'web'},'annotations':{'kubectl.kubernetes.io/restartedAt':'2026-01-01T00:00:00Z'}}"));
    }

    @Test
    void nodeCordonAndUncordon() {
        GroupVersionKind node = new GroupVersionKind("", "v1", "Node");
        ObjectNode n = o("{'spec':{'podCIDR':'10.42.0.0/24'}}");
        JsonNode cordoned = smp.apply(n, j("{'spec':{'unschedulable':true}}"), node);
        assertThat(cordoned.at("/spec/unschedulable").asBoolean()).isTrue();
        JsonNode uncordoned = smp.apply((ObjectNode) cordoned, j("{'spec':{'unschedulable':null}}"), node);
        assertThat(uncordoned).isEqualTo(j("{'spec':{'podCIDR':'10.42.0.0/24'}}"));
    }

    @Test
    void crdConditionsHaveNoPatchStrategyAndAreReplaced() {
        GroupVersionKind crd = new GroupVersionKind("apiextensions.k8s.io", "v1", "CustomResourceDefinition");
        ObjectNode o = o("{'status':{'conditions':[{'type':'Established','status':'True'},{'type':'NamesAccepted','status':'True'}]}}");
        JsonNode out = smp.apply(o, j("{'status':{'conditions':[{'type':'Established','status':'False'}]}}"), crd);
        assertThat(out.at("/status/conditions")).isEqualTo(j("[{'type':'Established','status':'False'}]"));
    }

    @Test
    void customResourcesAreUnsupported() {
        assertThatThrownBy(() -> smp.apply(o("{}"), j("{}"), new GroupVersionKind("example.com", "v1", "Foo")))
                .isInstanceOfSatisfying(PatchException.UnsupportedMediaType.class, e -> assertThat(e.code()).isEqualTo(415))
                .hasMessage("the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }

    @Test
    void upstreamErrorTexts() {
        ObjectNode pod = o(POD_SPEC);
        assertThatThrownBy(() -> smp.apply(pod, j("{'spec':{'containers':[{'image':'x'}]}}"), POD))
                .isInstanceOfSatisfying(PatchException.Failed.class, e -> assertThat(e.code()).isEqualTo(500))
                .hasMessage("map: map[image:x] does not contain declared merge key: name");
        assertThatThrownBy(() -> smp.apply(pod, j("{'spec':{'$patch':'frob'}}"), POD))
                .hasMessage("unknown patch type: frob in map: map[$patch:frob]");
        assertThatThrownBy(() -> smp.apply(pod, j("{'spec':{'containers':[{'$patch':'merge'}]}}"), POD))
                .hasMessage("merging lists cannot yet be specified in the patch");
        assertThatThrownBy(() -> smp.apply(pod, j("[]"), POD))
                .isInstanceOf(PatchException.Invalid.class)
                .hasMessage("json: cannot unmarshal array into Go value of type map[string]interface {}");
        assertThatThrownBy(() -> smp.apply(pod, j("{'spec':{'$setElementOrder/containers':[{'name':'nginx'}],"
                + "'containers':[{'name':'other'}]}}"), POD))
                .isInstanceOf(PatchException.Failed.class)
                .hasMessageStartingWith("The order in patch list:\n[map[name:other]]\n doesn't match $setElementOrder/ list:");
    }
}
