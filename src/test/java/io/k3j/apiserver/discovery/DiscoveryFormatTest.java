package io.k3j.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryFormatTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // client-go's acceptDiscoveryFormats
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json|AGGREGATED",
            // parameter order and spacing do not matter
            "application/json; as=APIGroupDiscoveryList; v=v2; g=apidiscovery.k8s.io|AGGREGATED",
            // only v2beta1 offered: we do not serve it, so the plain JSON fallback wins
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json|LEGACY",
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList|NOT_ACCEPTABLE",
            "application/json|LEGACY",
            "application/json;charset=utf-8|LEGACY",
            "*/*|LEGACY",
            "application/vnd.kubernetes.protobuf,application/json|LEGACY",
            "application/yaml|NOT_ACCEPTABLE",
            "application/json;as=Table;v=v1;g=meta.k8s.io|NOT_ACCEPTABLE",
            // q-values outrank header order
            "application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList|AGGREGATED",
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0,application/json|LEGACY",
    })
    void negotiates(String accept, DiscoveryFormat expected) {
        assertThat(DiscoveryFormat.negotiate(accept)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"AGGREGATED|application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
            "LEGACY|application/json"})
    void contentTypes(DiscoveryFormat format, String contentType) {
        assertThat(format.contentType()).isEqualTo(contentType);
    }
}
