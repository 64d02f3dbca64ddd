package io.k3j.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.apiserver.table.TableAccept.Outcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableAcceptTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // what kubectl 1.33 get sends
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,"
                    + "application/json | TABLE_V1",
            "application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json | TABLE_V1BETA1",
            "application/json; as=Table; v=v1; g=meta.k8s.io | TABLE_V1",
            "application/json;as=Table;v=v2;g=meta.k8s.io,application/json | PLAIN",
            "application/json;as=Table;v=v2;g=meta.k8s.io | NOT_ACCEPTABLE",
            "application/json;as=Table;v=v1;g=example.com | NOT_ACCEPTABLE",
            "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json | PLAIN",
            "application/json | PLAIN",
            "*/* | PLAIN",
            "application/vnd.kubernetes.protobuf,application/json | PLAIN",
            "application/yaml | PLAIN",
            "application/yaml;as=Table;v=v1;g=meta.k8s.io | NOT_ACCEPTABLE"})
    void negotiatesLikeKubeApiserver(String accept, Outcome expected) {
        assertThat(TableAccept.negotiate(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"''"})
    void missingHeaderMeansPlain(String accept) {
        assertThat(TableAccept.negotiate(accept)).isEqualTo(Outcome.PLAIN);
        assertThat(TableAccept.negotiate(null)).isEqualTo(Outcome.PLAIN);
    }
}
