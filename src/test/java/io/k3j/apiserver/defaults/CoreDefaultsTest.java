package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.k3j.apiserver.defaults.Defaulted.assertJson;

/** The core kinds other than pods, as kube-apiserver 1.33 defaults them. */
class CoreDefaultsTest {

    @Test
    void aClusterIpService() {
        ObjectNode svc = Defaulted.of("", "v1", "services", """
                {'metadata':{'name':'s'},'spec':{'selector':{'app':'a'},'ports':[{'port':80},{'name':'dns','port':53,
                 'protocol':'UDP','targetPort':'dns'}]}}""");
        assertJson(svc, """
                {'metadata':{'name':'s'},'spec':{'selector':{'app':'a'},'type':'ClusterIP','sessionAffinity':'None',
                 'ports':[{'port':80,'protocol':'TCP','targetPort':80},{'name':'dns','port':53,'protocol':'UDP',
                  'targetPort':'dns'}],
                 'internalTrafficPolicy':'Cluster'},
                 'status':{'loadBalancer':{}}}""");
    }

    @Test
    void aLoadBalancerService() {
        ObjectNode svc = Defaulted.of("", "v1", "services", """
                {'spec':{'type':'LoadBalancer','clusterIP':'10.43.0.10','sessionAffinity':'ClientIP',
                 'ports':[{'port':443,'targetPort':0}]},
                 'status':{'loadBalancer':{'ingress':[{'ip':'192.0.2.1'},{'hostname':'lb.example'}]}}}""");
        assertJson(svc, """
                {'spec':{'type':'LoadBalancer','clusterIP':'10.43.0.10',
                 'sessionAffinity':'ClientIP','sessionAffinityConfig':{'clientIP':{'timeoutSeconds':10800}},
                 'ports':[{'port':443,'targetPort':443,'protocol':'TCP'}],'externalTrafficPolicy':'Cluster',
                 'internalTrafficPolicy':'Cluster','allocateLoadBalancerNodePorts':true},
                 'status':{'loadBalancer':{'ingress':[{'ip':'192.0.2.1','ipMode':'VIP'},{'hostname':'lb.example'}]}}}""");
    }

    /**
     * The IP fields are the service registry's, not defaults (io.k3j.apiserver.services fills them: they depend on
     * the cluster's networks and the stored object), so defaulting leaves them as given.
     */
    @Test
    void headlessAndExternalNameServicesAndIpFieldsLeftAlone() {
        assertJson(Defaulted.of("", "v1", "services", "{'spec':{'clusterIP':'None'}}").get("spec"), """
                {'clusterIP':'None','type':'ClusterIP','sessionAffinity':'None','internalTrafficPolicy':'Cluster'}""");
        assertJson(Defaulted.of("", "v1", "services",
                "{'spec':{'type':'ExternalName','externalName':'example.com','sessionAffinityConfig':{}}}").get("spec"), """
                {'type':'ExternalName','externalName':'example.com','sessionAffinity':'None'}""");
        ObjectNode kept = Defaulted.of("", "v1", "services", """
                {'spec':{'type':'NodePort','externalTrafficPolicy':'Local','internalTrafficPolicy':'Local',
                 'ipFamilyPolicy':'PreferDualStack','ipFamilies':['IPv6','IPv4']}}""");
        assertJson(kept.get("spec"), """
                {'type':'NodePort','externalTrafficPolicy':'Local','internalTrafficPolicy':'Local','sessionAffinity':'None',
                 'ipFamilyPolicy':'PreferDualStack','ipFamilies':['IPv6','IPv4']}""");
    }

    @Test
    void volumesAndClaims() {
        assertJson(Defaulted.of("", "v1", "persistentvolumes", """
                {'spec':{'capacity':{'storage':'1Gi'},'hostPath':{'path':'/d'}}}"""), """
                {'spec':{'capacity':{'storage':'1Gi'},'hostPath':{'path':'/d','type':''},
                 'persistentVolumeReclaimPolicy':'Retain','volumeMode':'Filesystem'},'status':{'phase':'Pending'}}""");
        assertJson(Defaulted.of("", "v1", "persistentvolumeclaims", """
                {'spec':{'accessModes':['ReadWriteOnce'],'volumeMode':'Block'},'status':{'phase':'Bound'}}"""), """
                {'spec':{'accessModes':['ReadWriteOnce'],'volumeMode':'Block'},'status':{'phase':'Bound'}}""");
        assertJson(Defaulted.of("", "v1", "persistentvolumeclaims", "{'spec':{}}"), """
                {'spec':{'volumeMode':'Filesystem'},'status':{'phase':'Pending'}}""");
    }

    @Test
    void replicationControllerTakesItsTemplatesLabels() {
        ObjectNode rc = Defaulted.of("", "v1", "replicationcontrollers", """
                {'metadata':{'name':'r'},'spec':{'template':{'metadata':{'labels':{'app':'a'}},
                 'spec':{'containers':[{'name':'c','image':'nginx:1'}]}}}}""");
        assertJson(rc.get("metadata"), "{'name':'r','labels':{'app':'a'}}");
        assertJson(rc.at("/spec/selector"), "{'app':'a'}");
        assertJson(rc.at("/spec/replicas"), "1");
        assertJson(rc.at("/spec/template/spec/dnsPolicy"), "'ClusterFirst'");
        ObjectNode own = Defaulted.of("", "v1", "replicationcontrollers", """
                {'metadata':{'labels':{'x':'y'}},'spec':{'replicas':0,'selector':{'app':'a'},
                 'template':{'metadata':{'labels':{'app':'a','v':'1'}}}}}""");
        assertJson(own.at("/metadata/labels"), "{'x':'y'}");
        assertJson(own.at("/spec/selector"), "{'app':'a'}");
        assertJson(own.at("/spec/replicas"), "0");
    }

    @Test
    void namespaceSecretEndpointsNodeLimitRange() {
        assertJson(Defaulted.of("", "v1", "namespaces", "{'metadata':{'name':'n','labels':{'a':'b'}}}"), """
                {'metadata':{'name':'n','labels':{'a':'b','kubernetes.io/metadata.name':'n'}},'status':{'phase':'Active'}}""");
        assertJson(Defaulted.of("", "v1", "namespaces", "{'metadata':{'name':'n'},'status':{'phase':'Terminating'}}")
                .get("status"), "{'phase':'Terminating'}");
        assertJson(Defaulted.of("", "v1", "secrets", "{'data':{}}"), "{'data':{},'type':'Opaque'}");
        assertJson(Defaulted.of("", "v1", "secrets", "{'type':'kubernetes.io/tls'}"), "{'type':'kubernetes.io/tls'}");
        assertJson(Defaulted.of("", "v1", "configmaps", "{'data':{}}"), "{'data':{}}");
        assertJson(Defaulted.of("", "v1", "endpoints", "{'subsets':[{'ports':[{'port':80},{'port':53,'protocol':'UDP'}]}]}"),
                "{'subsets':[{'ports':[{'port':80,'protocol':'TCP'},{'port':53,'protocol':'UDP'}]}]}");
        assertJson(Defaulted.of("", "v1", "nodes", "{'status':{'capacity':{'cpu':'4','pods':'110'}}}"),
                "{'status':{'capacity':{'cpu':'4','pods':'110'},'allocatable':{'cpu':'4','pods':'110'}}}");
        assertJson(Defaulted.of("", "v1", "limitranges", """
                {'spec':{'limits':[{'type':'Container','max':{'cpu':'2','memory':'1Gi'},'min':{'cpu':'100m'},
                  'default':{'memory':'512Mi'}},{'type':'Pod','max':{'cpu':'4'}}]}}"""), """
                {'spec':{'limits':[{'type':'Container','max':{'cpu':'2','memory':'1Gi'},'min':{'cpu':'100m'},
                  'default':{'memory':'512Mi','cpu':'2'},'defaultRequest':{'memory':'512Mi','cpu':'2'}},
                 {'type':'Pod','max':{'cpu':'4'}}]}}""");
    }
}
