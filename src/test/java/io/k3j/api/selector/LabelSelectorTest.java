package io.k3j.api.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabelSelectorTest {

    private static final String QNAME_HELP = "name part must consist of alphanumeric characters, '-', '_' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
            + "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "x=a|x=a",
        "x==a|x==a",
        "x!=a|x!=a",
        "x=|x=",
        "x|x",
        "!x|!x",
        "  x  ,  y = b |x,y=b",
        "z,a=b|a=b,z",
        "x in (b,a)|x in (a,b)",
        "x notin (a)|x notin (a)",
        "x in ()|x in ()",
        "x in (a,,b)|x in (,a,b)",
        "x in (in,notin)|x in (in,notin)",
        "x>1|x>1",
        "x<3|x<3",
        "example.com/app=web|example.com/app=web",
        "x=a,x!=b|x=a,x!=b",
        "``|``",
    })
    void canonicalForm(String input, String canonical) {
        assertThat(LabelSelector.parse(input).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "x=(|unable to parse requirement: found '(', expected: identifier",
        "x y|unable to parse requirement: found 'y', expected: in, notin, =, ==, !=, gt, lt",
        "x in a|unable to parse requirement: found 'a' expected: '('",
        "x in (a b)|unable to parse requirement: found 'b', expected: ',' or ')'",
        "x in (=)|unable to parse requirement: found '=', expected: ',', ')' or identifier",
        "x=a,|found '', expected: identifier after ','",
        "x=a b|found 'b', expected: ',' or 'end of string'",
        ",x|found ',', expected: !, identifier, or 'end of string'",
        "!x=a|found '=', expected: ',' or 'end of string'",
        "!=a|found '!=', expected: !, identifier, or 'end of string'",
        "!|unable to parse requirement: found '', expected: identifier",
        "x>a|unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
    })
    void grammarErrors(String input, String message) {
        assertThatThrownBy(() -> LabelSelector.parse(input))
                .isInstanceOf(SelectorException.class)
                .hasMessage(message);
    }

    @Test
    void doubleEqualsValueIsNotAnOperatorTwice() {
        // "x==" : "==" then end of string → empty value
        assertThat(LabelSelector.parse("x==").toString()).isEqualTo("x==");
    }

    @Test
    void invalidKeyUsesNilPathAndUpstreamText() {
        assertThatThrownBy(() -> LabelSelector.parse("-x=a"))
                .hasMessage("unable to parse requirement: <nil>: Invalid value: \"-x\": " + QNAME_HELP);
        assertThatThrownBy(() -> LabelSelector.parse("a/b/c"))
                .hasMessageStartingWith("unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist");
        assertThatThrownBy(() -> LabelSelector.parse("Example.com/x"))
                .hasMessageContaining("prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric");
        assertThatThrownBy(() -> LabelSelector.parse("a".repeat(64)))
                .hasMessageContaining("name part must be no more than 63 characters");
    }

    @Test
    void invalidValueNamesValueIndexAndKey() {
        assertThatThrownBy(() -> LabelSelector.parse("x in (ok,-bad)"))
                .hasMessage("unable to parse requirement: values[0][x]: Invalid value: \"-bad\": a valid label must be an "
                        + "empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                        + "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                        + "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
        assertThatThrownBy(() -> LabelSelector.parse("x=" + "v".repeat(64)))
                .hasMessageStartingWith("unable to parse requirement: values[0][x]: Invalid value: \"vvvv")
                .hasMessageEndingWith("\": must be no more than 63 characters");
        assertThatThrownBy(() -> LabelSelector.parse("x=-" + "v".repeat(63)))
                .hasMessageContaining(": must be no more than 63 characters; a valid label");
    }

    @ParameterizedTest(name = "{0} on {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "env=prod|env=prod|true",
        "env=prod|env=dev|false",
        "env=prod|''|false",
        "env!=prod|''|true",
        "env!=prod|env=dev|true",
        "env!=prod|env=prod|false",
        "env in (a,b)|env=b|true",
        "env in (a,b)|''|false",
        "env notin (a,b)|''|true",
        "env notin (a,b)|env=a|false",
        "env|env=|true",
        "env|x=y|false",
        "!env|x=y|true",
        "!env|env=x|false",
        "n>5|n=6|true",
        "n>5|n=5|false",
        "n<5|n=x|false",
        "n<5|''|false",
        "env=,tier|env=,tier=web|true",
        "env=prod,tier=web|env=prod|false",
    })
    void matching(String selector, String labels, boolean expected) {
        Map<String, String> map = new java.util.HashMap<>();
        if (!labels.isEmpty()) {
            for (String kv : labels.split(",")) {
                String[] p = kv.split("=", -1);
                map.put(p[0], p.length > 1 ? p[1] : "");
            }
        }
        assertThat(LabelSelector.parse(selector).matches(map)).isEqualTo(expected);
    }

    @Test
    void fromMetaV1LabelSelector() throws Exception {
        ObjectMapper m = new ObjectMapper();
        LabelSelector s = LabelSelector.fromJson(m.readTree("""
                {"matchLabels":{"app":"web"},
                 "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},
                                     {"key":"canary","operator":"DoesNotExist"}]}"""));
        assertThat(s.toString()).isEqualTo("app=web,!canary,tier in (be,fe)");
        assertThat(s.matches(Map.of("app", "web", "tier", "fe"))).isTrue();
        assertThat(s.matches(Map.of("app", "web", "tier", "fe", "canary", "1"))).isFalse();

        assertThat(LabelSelector.fromJson(m.readTree("{}")).matches(Map.of())).isTrue();
        assertThat(LabelSelector.fromJson(null).matches(Map.of())).isFalse();
        assertThat(LabelSelector.fromJson(m.readTree("null")).isNothing()).isTrue();

        assertThatThrownBy(() -> LabelSelector.fromJson(m.readTree(
                "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}")))
                .hasMessage("\"Gt\" is not a valid label selector operator");
        assertThatThrownBy(() -> LabelSelector.fromJson(m.readTree(
                "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\",\"values\":[]}]}")))
                .hasMessage("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
        assertThatThrownBy(() -> LabelSelector.fromJson(m.readTree(
                "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}")))
                .hasMessage("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist");
        assertThatThrownBy(() -> LabelSelector.fromJson(m.readTree("{\"matchLabels\":{\"-a\":\"b\"}}")))
                .hasMessage("key: Invalid value: \"-a\": " + QNAME_HELP);
    }
}
