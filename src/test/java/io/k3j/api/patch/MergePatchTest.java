package io.k3j.api.patch;

import static io.k3j.api.patch.Json.j;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MergePatchTest {

    /** RFC 7386 appendix A, every row. */
    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'a':'b'}|{'a':'c'}|{'a':'c'}",
        "{'a':'b'}|{'b':'c'}|{'a':'b','b':'c'}",
        "{'a':'b'}|{'a':null}|{}",
        "{'a':'b','b':'c'}|{'a':null}|{'b':'c'}",
        "{'a':['b']}|{'a':'c'}|{'a':'c'}",
        "{'a':'c'}|{'a':['b']}|{'a':['b']}",
        "{'a':{'b':'c'}}|{'a':{'b':'d','c':null}}|{'a':{'b':'d'}}",
        "{'a':[{'b':'c'}]}|{'a':[1]}|{'a':[1]}",
        "['a','b']|['c','d']|['c','d']",
        "{'a':'b'}|['c']|['c']",
        "{'a':'foo'}|null|null",
        "{'a':'foo'}|'bar'|'bar'",
        "{'e':null}|{'a':1}|{'e':null,'a':1}",
        "[1,2]|{'a':'b','c':null}|{'a':'b'}",
        "{}|{'a':{'bb':{'ccc':null}}}|{'a':{'bb':{}}}",
    })
    void rfc7386Appendix(String target, String patch, String result) {
        assertThat(MergePatch.apply(j(target), j(patch))).isEqualTo(j(result));
    }

    @Test
    void kubectlLabelRemoval() {
        assertThat(MergePatch.applyToObject(j("{'metadata':{'labels':{'a':'1','b':'2'}}}"),
                j("{'metadata':{'labels':{'a':null,'c':'3'}}}")))
                .isEqualTo(j("{'metadata':{'labels':{'b':'2','c':'3'}}}"));
    }

    @Test
    void nullPatchIsRejectedByTheServer() {
        assertThatThrownBy(() -> MergePatch.applyToObject(j("{}"), j("null")))
                .isInstanceOf(PatchException.Invalid.class).hasMessage("Invalid JSON Patch");
    }
}
