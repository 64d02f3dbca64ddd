package io.k3j.api.crd;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.schema.FieldError;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** CRD validation on create and update, with upstream's field paths and texts. */
class CrdValidationTest {

    private final CrdValidation validation = new CrdValidation();

    private List<String> create(ObjectNode crd) {
        CrdDefaults.apply(crd);
        return validation.validateCreate(crd).stream().map(FieldError::toString).toList();
    }

    @Test
    void validCrdPassesAndGetsDefaults() {
        ObjectNode crd = CrdFixtures.crontabs();
        ((ObjectNode) crd.at("/spec/names")).remove(List.of("singular", "listKind"));
        assertThat(create(crd)).isEmpty();
        assertThat(crd.at("/spec/names/singular").asText()).isEqualTo("crontab");
        assertThat(crd.at("/spec/names/listKind").asText()).isEqualTo("CronTabList");
        assertThat(crd.at("/spec/conversion/strategy").asText()).isEqualTo("None");
    }

    @Test
    void nameGroupScopeAndNames() {
        ObjectNode crd = CrdFixtures.crontabs();
        ((ObjectNode) crd.get("metadata")).put("name", "crontab.stable.example.com");
        ((ObjectNode) crd.get("spec")).put("scope", "Everywhere");
        ((ObjectNode) crd.at("/spec/names")).put("kind", "Cron_Tab").put("listKind", "Cron_Tab").putArray("shortNames").add("CT");
        assertThat(create(crd)).containsExactly(
                "metadata.name: Invalid value: \"crontab.stable.example.com\": must be spec.names.plural+\".\"+spec.group",
                "spec.scope: Unsupported value: \"Everywhere\": supported values: \"Cluster\", \"Namespaced\"",
                "spec.names.kind: Invalid value: \"Cron_Tab\": may have mixed case, but should otherwise match: a DNS-1035 "
                        + "label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
                        + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used "
                        + "for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.names.listKind: Invalid value: \"Cron_Tab\": may have mixed case, but should otherwise match: a "
                        + "DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
                        + "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
                        + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.names.shortNames[0]: Invalid value: \"CT\": a DNS-1035 label must consist of lower case alphanumeric "
                        + "characters or '-', start with an alphabetic character, and end with an alphanumeric character "
                        + "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
                "spec.names.listKind: Invalid value: \"Cron_Tab\": kind and listKind may not be the same");
        ObjectNode dotless = CrdFixtures.crontabs();
        ((ObjectNode) dotless.get("spec")).put("group", "example");
        ((ObjectNode) dotless.get("metadata")).put("name", "crontabs.example");
        assertThat(create(dotless)).containsExactly("spec.group: Invalid value: \"example\": should be a domain with at least one dot");
    }

    @Test
    void exactlyOneStorageVersionAndSchemas() {
        ObjectNode crd = CrdFixtures.crontabs();
        ArrayNode versions = (ArrayNode) crd.at("/spec/versions");
        ((ObjectNode) versions.get(0)).put("storage", true);
        ((ObjectNode) versions.get(2)).remove("schema");
        List<String> errors = create(crd);
        assertThat(errors).contains("spec.versions[2].schema.openAPIV3Schema: Required value: schemas are required");
        assertThat(errors).anyMatch(e -> e.startsWith("spec.versions: Invalid value: ")
                && e.endsWith(": must have exactly one version marked as storage version"));
    }

    @Test
    void nonStructuralSchemaAndBadDefault() {
        ObjectNode crd = CrdFixtures.crontabs();
        ObjectNode spec = (ObjectNode) crd.at("/spec/versions/1/schema/openAPIV3Schema/properties/spec");
        spec.remove("type");
        ((ObjectNode) spec.at("/properties/replicas")).put("default", "one");
        assertThat(create(crd)).containsExactly(
                "spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must not be empty for "
                        + "specified object fields",
                "spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[replicas].default: Invalid value: "
                        + "\"string\": spec.versions[1].schema.openAPIV3Schema.properties[spec].properties[replicas].default "
                        + "in body must be of type integer: \"string\"");
    }

    @Test
    void printerColumnsScaleAndProtectedGroups() {
        ObjectNode crd = CrdFixtures.crontabs();
        ObjectNode v1 = (ObjectNode) crd.at("/spec/versions/1");
        ((ObjectNode) v1.at("/additionalPrinterColumns/0")).put("type", "text");
        ((ObjectNode) v1.at("/subresources/scale")).put("specReplicasPath", ".replicas");
        assertThat(create(crd)).containsExactly(
                "spec.versions[1].additionalPrinterColumns[0].type: Unsupported value: \"text\": supported values: "
                        + "\"boolean\", \"date\", \"integer\", \"number\", \"string\"",
                "spec.versions[1].subresources.scale.specReplicasPath: Invalid value: \".replicas\": should be a json path "
                        + "under .spec");
        ObjectNode k8s = CrdFixtures.crontabs();
        ((ObjectNode) k8s.get("spec")).put("group", "stable.k8s.io");
        ((ObjectNode) k8s.get("metadata")).put("name", "crontabs.stable.k8s.io");
        assertThat(create(k8s)).containsExactly("metadata.annotations[api-approved.kubernetes.io]: Required value: "
                + "protected groups must have approval annotation \"api-approved.kubernetes.io\", see "
                + "https://github.com/kubernetes/enhancements/pull/1111");
    }

    @Test
    void updatesKeepGroupAndPluralAndStoredVersions() {
        ObjectNode old = CrdFixtures.crontabs();
        ObjectNode crd = old.deepCopy();
        ((ObjectNode) crd.at("/spec/names")).put("plural", "crons");
        ((ObjectNode) crd.get("metadata")).put("name", "crons.stable.example.com");
        crd.putObject("status").putArray("storedVersions").add("v0");
        CrdDefaults.apply(crd);
        assertThat(validation.validateUpdate(crd, old)).extracting(FieldError::toString).containsExactly(
                "spec.names.plural: Invalid value: \"crons\": field is immutable",
                "status.storedVersions[0]: Invalid value: \"v0\": must appear in spec.versions");
    }
}
