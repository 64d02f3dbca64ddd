package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonPatchTest {

    /** RFC 6902 appendix A examples that succeed (A.1–A.8, A.10, A.11, A.14, A.16). */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "A.1 add object member|{'foo':'bar'}|[{'op':'add','path':'/baz','value':'qux'}]|{'baz':'qux','foo':'bar'}",
        "A.2 add array element|{'foo':['bar','baz']}|[{'op':'add','path':'/foo/1','value':'qux'}]|{'foo':['bar','qux','baz']}",
        "A.3 remove object member|{'baz':'qux','foo':'bar'}|[{'op':'remove','path':'/baz'}]|{'foo':'bar'}",
        "A.4 remove array element|{'foo':['bar','qux','baz']}|[{'op':'remove','path':'/foo/1'}]|{'foo':['bar','baz']}",
        "A.5 replace value|{'baz':'qux','foo':'bar'}|[{'op':'replace','path':'/baz','value':'boo'}]|{'baz':'boo','foo':'bar'}",
        "A.6 move value|{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}|[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]|{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}",
        "A.7 move array element|{'foo':['all','grass','cows','eat']}|[{'op':'move','from':'/foo/1','path':'/foo/3'}]|{'foo':['all','cows','eat','grass']}",
        "A.8 test value|{'baz':'qux','foo':['a',2,'c']}|[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]|{'baz':'qux','foo':['a',2,'c']}",
        "A.10 add nested member|{'foo':'bar'}|[{'op':'add','path':'/child','value':{'grandchild':{}}}]|{'foo':'bar','child':{'grandchild':{}}}",
        "A.11 ignore unrecognized elements|{'foo':'bar'}|[{'op':'add','path':'/baz','value':'qux','xyz':123}]|{'foo':'bar','baz':'qux'}",
        "A.14 escape ordering|{'/':9,'~1':10}|[{'op':'test','path':'/~01','value':10}]|{'/':9,'~1':10}",
        "A.16 add array value|{'foo':['bar']}|[{'op':'add','path':'/foo/-','value':['abc','def']}]|{'foo':['bar',['abc','def']]}",
        "copy|{'a':{'b':1}}|[{'op':'copy','from':'/a','path':'/c'}]|{'a':{'b':1},'c':{'b':1}}",
        "negative index counts from end|{'a':[1,2,3]}|[{'op':'remove','path':'/a/-1'}]|{'a':[1,2]}",
        "replace missing member adds it (library quirk)|{'a':1}|[{'op':'replace','path':'/b','value':2}]|{'a':1,'b':2}",
        "test missing member against null|{'a':1}|[{'op':'test','path':'/b','value':null}]|{'a':1}",
        "add replaces existing member|{'a':1}|[{'op':'add','path':'/a','value':[1]}]|{'a':[1]}",
        "slash escape|{'a/b':1}|[{'op':'remove','path':'/a~1b'}]|{}",
    })
    void appliesRfcExamples(String name, String doc, String patch, String expected) {
        assertThat(JsonPatch.apply(j(doc), j(patch))).isEqualTo(j(expected));
    }

    /** Failures with the library's texts; the server answers 422 with these as the cause. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "A.9 test failure|{'baz':'qux','foo':['a',2,'c']}|[{'op':'test','path':'/baz','value':'bar'}]|testing value /baz failed: test failed",
        "A.12 add to nonexistent target|{'foo':'bar'}|[{'op':'add','path':'/baz/bat','value':'qux'}]|add operation does not apply: doc is missing path: \"/baz/bat\": missing value",
        "A.15 string vs number|{'/':9,'~1':10}|[{'op':'test','path':'/~01','value':'10'}]|testing value /~01 failed: test failed",
        "remove missing member|{'a':1}|[{'op':'remove','path':'/b'}]|error in remove for path: '/b': Unable to remove nonexistent key: b: missing value",
        "remove beyond array|{'a':[1]}|[{'op':'remove','path':'/a/5'}]|error in remove for path: '/a/5': Unable to access invalid index: 5: invalid index referenced",
        "add beyond array|{'a':[1]}|[{'op':'add','path':'/a/3','value':0}]|error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced",
        "add non-numeric index|{'a':[1]}|[{'op':'add','path':'/a/x','value':0}]|error in add for path: '/a/x': value was not a proper array index: 'x': strconv.Atoi: parsing \"x\": invalid syntax",
        "replace missing index|{'a':[1]}|[{'op':'replace','path':'/a/4','value':0}]|replace operation does not apply: doc is missing key: /a/4: missing value",
        "replace under missing parent|{'a':1}|[{'op':'replace','path':'/x/y','value':0}]|replace operation does not apply: doc is missing path: /x/y: missing value",
        "move from missing parent|{'a':1}|[{'op':'move','from':'/x/y','path':'/b'}]|move operation does not apply: doc is missing from path: /x/y: missing value",
        "move to missing parent|{'a':1}|[{'op':'move','from':'/a','path':'/x/y'}]|move operation does not apply: doc is missing destination path: /x/y: missing value",
        "copy to missing parent|{'a':1}|[{'op':'copy','from':'/a','path':'/x/y'}]|copy operation does not apply: doc is missing destination path: /x/y: missing value",
        "test under missing parent|{'a':1}|[{'op':'test','path':'/x/y','value':1}]|test operation does not apply: is missing path: /x/y: missing value",
        "unknown op|{'a':1}|[{'op':'frob','path':'/a'}]|Unexpected kind: frob",
        "missing op|{'a':1}|[{'path':'/a'}]|Unexpected kind: unknown",
        "whole-document path|{'a':1}|[{'op':'add','path':'','value':1}]|add operation does not apply: doc is missing path: \"\": missing value",
        "missing path|{'a':1}|[{'op':'remove'}]|remove operation failed to decode path: missing value",
    })
    void failsWithLibraryText(String name, String doc, String patch, String detail) {
        assertThatThrownBy(() -> JsonPatch.apply(j(doc), j(patch)))
                .isInstanceOfSatisfying(PatchException.Unprocessable.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.reason()).isEqualTo("Invalid");
                    assertThat(e.getMessage()).isEqualTo(PatchException.Unprocessable.GENERIC_MESSAGE);
                    assertThat(e.detail()).isEqualTo(detail);
                });
    }

    @Test
    void failedPatchLeavesDocumentUntouched() {
        JsonNode doc = j("{'a':1}");
        assertThatThrownBy(() -> JsonPatch.apply(doc, j("[{'op':'add','path':'/b','value':2},{'op':'test','path':'/a','value':3}]")));
        assertThat(doc).isEqualTo(j("{'a':1}"));
    }

    @Test
    void malformedPatchesAreBadRequests() {
        assertThatThrownBy(() -> JsonPatch.apply(j("{}"), j("{'op':'add'}")))
                .isInstanceOfSatisfying(PatchException.Invalid.class, e -> assertThat(e.code()).isEqualTo(400))
                .hasMessage("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        assertThatThrownBy(() -> JsonPatch.apply(j("{}"), j("['x']")))
                .hasMessage("json: cannot unmarshal string into Go value of type jsonpatch.Operation");
    }

    @Test
    void tooManyOperations() {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i <= JsonPatch.MAX_OPERATIONS; i++) {
            b.append(i == 0 ? "" : ",").append("{\"op\":\"test\",\"path\":\"/a\",\"value\":1}");
        }
        assertThatThrownBy(() -> JsonPatch.apply(j("{\"a\":1}"), j(b + "]")))
                .isInstanceOfSatisfying(PatchException.TooLarge.class, e -> assertThat(e.code()).isEqualTo(413))
                .hasMessage("Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001");
    }
}
