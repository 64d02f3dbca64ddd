package io.k3j.apiserver.defaults;

import org.junit.jupiter.api.Test;

import static io.k3j.apiserver.defaults.Defaulted.assertJson;

/** The smaller API groups, as kube-apiserver 1.33 defaults them; kinds with no defaults stay as sent. */
class GroupDefaultsTest {

    @Test
    void horizontalPodAutoscalers() {
        assertJson(Defaulted.of("autoscaling", "v2", "horizontalpodautoscalers", "{'spec':{'maxReplicas':5}}"), """
                {'spec':{'maxReplicas':5,'minReplicas':1,'metrics':[{'type':'Resource','resource':{'name':'cpu',
                 'target':{'type':'Utilization','averageUtilization':80}}}]}}""");
        assertJson(Defaulted.of("autoscaling", "v2", "horizontalpodautoscalers", """
                {'spec':{'minReplicas':2,'maxReplicas':5,'metrics':[{'type':'Pods'}],
                 'behavior':{'scaleDown':{'stabilizationWindowSeconds':60}}}}"""), """
                {'spec':{'minReplicas':2,'maxReplicas':5,'metrics':[{'type':'Pods'}],'behavior':{
                 'scaleUp':{'stabilizationWindowSeconds':0,'selectPolicy':'Max','policies':[
                  {'type':'Pods','value':4,'periodSeconds':15},{'type':'Percent','value':100,'periodSeconds':15}]},
                 'scaleDown':{'stabilizationWindowSeconds':60,'selectPolicy':'Max','policies':[
                  {'type':'Percent','value':100,'periodSeconds':15}]}}}}""");
        assertJson(Defaulted.of("autoscaling", "v1", "horizontalpodautoscalers", "{'spec':{'maxReplicas':5}}"),
                "{'spec':{'maxReplicas':5,'minReplicas':1}}");
    }

    @Test
    void networking() {
        assertJson(Defaulted.of("networking.k8s.io", "v1", "networkpolicies", """
                {'spec':{'podSelector':{},'ingress':[{'ports':[{'port':80}]}]}}"""), """
                {'spec':{'podSelector':{},'ingress':[{'ports':[{'port':80,'protocol':'TCP'}]}],'policyTypes':['Ingress']}}""");
        assertJson(Defaulted.of("networking.k8s.io", "v1", "networkpolicies", """
                {'spec':{'podSelector':{},'egress':[{'ports':[{'port':53,'protocol':'UDP'}]}]}}"""), """
                {'spec':{'podSelector':{},'egress':[{'ports':[{'port':53,'protocol':'UDP'}]}],'policyTypes':['Ingress','Egress']}}""");
        assertJson(Defaulted.of("networking.k8s.io", "v1", "ingressclasses",
                        "{'spec':{'controller':'c','parameters':{'kind':'K','name':'n'}}}"),
                "{'spec':{'controller':'c','parameters':{'kind':'K','name':'n','scope':'Cluster'}}}");
        String ingress = "{'spec':{'rules':[{'http':{'paths':[{'path':'/','backend':{'service':{'name':'s','port':{'number':80}}}}]}}]}}";
        assertJson(Defaulted.of("networking.k8s.io", "v1", "ingresses", ingress), ingress);
        assertJson(Defaulted.of("discovery.k8s.io", "v1", "endpointslices", "{'addressType':'IPv4','ports':[{'port':80}]}"),
                "{'addressType':'IPv4','ports':[{'port':80,'name':'','protocol':'TCP'}]}");
    }

    @Test
    void storage() {
        assertJson(Defaulted.of("storage.k8s.io", "v1", "storageclasses", "{'provisioner':'p'}"),
                "{'provisioner':'p','reclaimPolicy':'Delete','volumeBindingMode':'Immediate'}");
        assertJson(Defaulted.of("storage.k8s.io", "v1", "storageclasses",
                        "{'provisioner':'p','reclaimPolicy':'Retain','volumeBindingMode':'WaitForFirstConsumer'}"),
                "{'provisioner':'p','reclaimPolicy':'Retain','volumeBindingMode':'WaitForFirstConsumer'}");
        assertJson(Defaulted.of("storage.k8s.io", "v1", "csidrivers", "{'spec':{}}"), """
                {'spec':{'attachRequired':true,'podInfoOnMount':false,'storageCapacity':false,
                 'fsGroupPolicy':'ReadWriteOnceWithFSType','volumeLifecycleModes':['Persistent'],'requiresRepublish':false,
                 'seLinuxMount':false}}""");
    }

    @Test
    void rbacSchedulingAndAdmission() {
        assertJson(Defaulted.of("rbac.authorization.k8s.io", "v1", "rolebindings", """
                {'roleRef':{'kind':'Role','name':'r'},'subjects':[{'kind':'User','name':'u'},{'kind':'Group','name':'g'},
                 {'kind':'ServiceAccount','name':'sa','namespace':'ns'}]}"""), """
                {'roleRef':{'kind':'Role','name':'r','apiGroup':'rbac.authorization.k8s.io'},'subjects':[
                 {'kind':'User','name':'u','apiGroup':'rbac.authorization.k8s.io'},
                 {'kind':'Group','name':'g','apiGroup':'rbac.authorization.k8s.io'},
                 {'kind':'ServiceAccount','name':'sa','namespace':'ns'}]}""");
        assertJson(Defaulted.of("scheduling.k8s.io", "v1", "priorityclasses", "{'value':10}"),
                "{'value':10,'preemptionPolicy':'PreemptLowerPriority'}");
        assertJson(Defaulted.of("scheduling.k8s.io", "v1", "priorityclasses", "{'value':10,'preemptionPolicy':'Never'}"),
                "{'value':10,'preemptionPolicy':'Never'}");
        assertJson(Defaulted.of("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", """
                {'webhooks':[{'name':'w','sideEffects':'None','admissionReviewVersions':['v1'],
                 'clientConfig':{'service':{'namespace':'n','name':'s'}},'rules':[{'operations':['CREATE'],
                 'apiGroups':[''],'apiVersions':['v1'],'resources':['pods']}]}]}"""), """
                {'webhooks':[{'name':'w','sideEffects':'None','admissionReviewVersions':['v1'],
                 'clientConfig':{'service':{'namespace':'n','name':'s','port':443}},'rules':[{'operations':['CREATE'],
                 'apiGroups':[''],'apiVersions':['v1'],'resources':['pods'],'scope':'*'}],'failurePolicy':'Fail',
                 'matchPolicy':'Equivalent','namespaceSelector':{},'objectSelector':{},'timeoutSeconds':10,
                 'reinvocationPolicy':'Never'}]}""");
        assertJson(Defaulted.of("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", """
                {'spec':{'type':'Limited','limited':{'limitResponse':{'type':'Queue','queuing':{}}}}}"""), """
                {'spec':{'type':'Limited','limited':{'nominalConcurrencyShares':30,'lendablePercent':0,
                 'limitResponse':{'type':'Queue','queuing':{'queues':64,'handSize':8,'queueLengthLimit':50}}}}}""");
    }
}
