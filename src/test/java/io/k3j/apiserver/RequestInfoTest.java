package io.k3j.apiserver;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Cases from kube-apiserver's RequestInfoFactory behaviour. */
class RequestInfoTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            // method | path | watch | resource? | verb | group | version | namespace | resource | name | sub
            "GET | /api | false | false | get | '' | '' | '' | '' | '' | ''",
            "GET | /api/v1 | false | false | get | '' | '' | '' | '' | '' | ''",
            "GET | /apis/apps/v1 | false | false | get | '' | '' | '' | '' | '' | ''",
            "GET | /healthz/ping | false | false | get | '' | '' | '' | '' | '' | ''",
            "GET | /api/v1/pods | false | true | list | '' | v1 | '' | pods | '' | ''",
            "GET | /api/v1/pods | true | true | watch | '' | v1 | '' | pods | '' | ''",
            "GET | /api/v1/namespaces/default/pods | false | true | list | '' | v1 | default | pods | '' | ''",
            "GET | /api/v1/namespaces/default/pods/web | false | true | get | '' | v1 | default | pods | web | ''",
            "GET | /api/v1/namespaces/default/pods/web/log | false | true | get | '' | v1 | default | pods | web | log",
            "POST | /api/v1/namespaces/default/pods | false | true | create | '' | v1 | default | pods | '' | ''",
            "PUT | /apis/apps/v1/namespaces/ns/deployments/d/scale | false | true | update | apps | v1 | ns | deployments | d | scale",
            "PATCH | /apis/apps/v1/namespaces/ns/deployments/d | false | true | patch | apps | v1 | ns | deployments | d | ''",
            "DELETE | /api/v1/namespaces/ns/configmaps | false | true | deletecollection | '' | v1 | ns | configmaps | '' | ''",
            "DELETE | /api/v1/namespaces/ns/configmaps/c | false | true | delete | '' | v1 | ns | configmaps | c | ''",
            "GET | /api/v1/namespaces | false | true | list | '' | v1 | '' | namespaces | '' | ''",
            "GET | /api/v1/namespaces/kube-system | false | true | get | '' | v1 | kube-system | namespaces | kube-system | ''",
            "PUT | /api/v1/namespaces/kube-system/finalize | false | true | update | '' | v1 | kube-system | namespaces | kube-system | finalize",
            "GET | /api/v1/namespaces/kube-system/status | false | true | get | '' | v1 | kube-system | namespaces | kube-system | status",
            "GET | /api/v1/nodes/n1 | true | true | watch | '' | v1 | '' | nodes | n1 | ''",
            "GET | /api/v1/watch/namespaces/default/pods | false | true | watch | '' | v1 | default | pods | '' | ''",
            "GET | /apis/rbac.authorization.k8s.io/v1/clusterroles/admin | false | true | get | rbac.authorization.k8s.io | v1 | '' | clusterroles | admin | ''",
    })
    void parses(String method, String path, boolean watch, boolean resource, String verb, String group, String version,
                String namespace, String res, String name, String sub) {
        RequestInfo i = RequestInfo.parse(HttpMethod.valueOf(method), path, watch);
        assertThat(i.resourceRequest()).isEqualTo(resource);
        assertThat(i.verb()).isEqualTo(verb);
        assertThat(i.apiGroup()).isEqualTo(group);
        assertThat(i.apiVersion()).isEqualTo(version);
        assertThat(i.namespace()).isEqualTo(namespace);
        assertThat(i.resource()).isEqualTo(res);
        assertThat(i.name()).isEqualTo(name);
        assertThat(i.subresource()).isEqualTo(sub);
    }
}
