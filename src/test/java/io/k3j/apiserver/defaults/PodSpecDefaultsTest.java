package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.k3j.apiserver.defaults.Defaulted.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

/** Pods and pod templates come out as kube-apiserver 1.33 defaults them. */
class PodSpecDefaultsTest {

    @Test
    void aMinimalPodGetsUpstreamsDefaults() {
        ObjectNode pod = Defaulted.of("", "v1", "pods", """
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},
                 'spec':{'containers':[{'name':'c','image':'busybox'}]}}""");
        assertJson(pod, """
                {'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},
                 'spec':{'containers':[{'name':'c','image':'busybox','imagePullPolicy':'Always','resources':{},
                   'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}],
                  'dnsPolicy':'ClusterFirst','enableServiceLinks':true,'restartPolicy':'Always',
                  'schedulerName':'default-scheduler','securityContext':{},'terminationGracePeriodSeconds':30}}""");
    }

    @Test
    void imagePullPolicyFollowsTheTag() {
        assertThat(pullPolicy("busybox")).isEqualTo("Always");
        assertThat(pullPolicy("busybox:latest")).isEqualTo("Always");
        assertThat(pullPolicy("busybox:1.36")).isEqualTo("IfNotPresent");
        assertThat(pullPolicy("localhost:5000/app")).isEqualTo("Always");
        assertThat(pullPolicy("localhost:5000/app:v1")).isEqualTo("IfNotPresent");
        assertThat(pullPolicy("busybox@sha256:" + "a".repeat(64))).isEqualTo("IfNotPresent");
        assertThat(pullPolicy("busybox:latest@sha256:" + "a".repeat(64))).isEqualTo("Always");
        assertThat(pullPolicy("Busybox")).isEqualTo("IfNotPresent"); // the parser refuses it: no tag
        assertThat(pullPolicy("")).isEqualTo("IfNotPresent");
    }

    private static String pullPolicy(String image) {
        ObjectNode pod = Defaulted.of("", "v1", "pods", """
                {'spec':{'containers':[{'name':'c','image':'%s'}]}}""".formatted(image));
        return pod.at("/spec/containers/0/imagePullPolicy").asText();
    }

    @Test
    void containersPortsProbesEnvAndRequestsFromLimits() {
        ObjectNode pod = Defaulted.of("", "v1", "pods", """
                {'spec':{'hostNetwork':true,'containers':[{'name':'c','image':'nginx:1.25',
                  'ports':[{'containerPort':80},{'containerPort':53,'protocol':'UDP','hostPort':5353}],
                  'env':[{'name':'N','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}],
                  'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'500m'}},
                  'livenessProbe':{'httpGet':{'port':80}},
                  'readinessProbe':{'tcpSocket':{'port':80},'timeoutSeconds':0,'periodSeconds':5},
                  'lifecycle':{'preStop':{'httpGet':{'port':8080,'path':'/stop'}}}}],
                 'initContainers':[{'name':'i','image':'busybox:1','resources':{'limits':{'cpu':'100m'}},
                  'ports':[{'containerPort':9000}]}],
                 'ephemeralContainers':[{'name':'e','image':'busybox'}]}}""");
        assertJson(pod.at("/spec/containers/0"), """
                {'name':'c','image':'nginx:1.25','imagePullPolicy':'IfNotPresent',
                 'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File',
                 'ports':[{'containerPort':80,'protocol':'TCP','hostPort':80},{'containerPort':53,'protocol':'UDP','hostPort':5353}],
                 'env':[{'name':'N','valueFrom':{'fieldRef':{'fieldPath':'metadata.name','apiVersion':'v1'}}}],
                 'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'500m','memory':'1Gi'}},
                 'livenessProbe':{'httpGet':{'port':80,'path':'/','scheme':'HTTP'},'timeoutSeconds':1,'periodSeconds':10,
                  'successThreshold':1,'failureThreshold':3},
                 'readinessProbe':{'tcpSocket':{'port':80},'timeoutSeconds':1,'periodSeconds':5,'successThreshold':1,
                  'failureThreshold':3},
                 'lifecycle':{'preStop':{'httpGet':{'port':8080,'path':'/stop','scheme':'HTTP'}}}}""");
        assertJson(pod.at("/spec/initContainers/0"), """
                {'name':'i','image':'busybox:1','imagePullPolicy':'IfNotPresent','resources':{'limits':{'cpu':'100m'},
                  'requests':{'cpu':'100m'}},'ports':[{'containerPort':9000,'protocol':'TCP','hostPort':9000}],
                 'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}""");
        assertJson(pod.at("/spec/ephemeralContainers/0"), """
                {'name':'e','image':'busybox','imagePullPolicy':'Always','resources':{},
                 'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}""");
    }

    @Test
    void volumesAsUpstream() {
        ObjectNode pod = Defaulted.of("", "v1", "pods", """
                {'spec':{'containers':[],'volumes':[
                  {'name':'none'},
                  {'name':'s','secret':{'secretName':'x'}},
                  {'name':'cm','configMap':{'name':'x','defaultMode':256}},
                  {'name':'h','hostPath':{'path':'/data'}},
                  {'name':'d','downwardAPI':{'items':[{'path':'l','fieldRef':{'fieldPath':'metadata.labels'}}]}},
                  {'name':'p','projected':{'sources':[{'serviceAccountToken':{'path':'token'}},
                    {'downwardAPI':{'items':[{'path':'n','fieldRef':{'fieldPath':'metadata.name'}}]}}]}},
                  {'name':'i','iscsi':{'targetPortal':'1.2.3.4','iqn':'iqn.x','lun':0}},
                  {'name':'r','rbd':{'monitors':['m'],'image':'img'}},
                  {'name':'a','azureDisk':{'diskName':'d','diskURI':'u'}},
                  {'name':'sc','scaleIO':{'gateway':'g','system':'s','secretRef':{'name':'x'}}},
                  {'name':'eph','ephemeral':{'volumeClaimTemplate':{'spec':{'accessModes':['ReadWriteOnce']}}}}]}}""");
        assertJson(pod.at("/spec/volumes"), """
                [{'name':'none','emptyDir':{}},
                 {'name':'s','secret':{'secretName':'x','defaultMode':420}},
                 {'name':'cm','configMap':{'name':'x','defaultMode':256}},
                 {'name':'h','hostPath':{'path':'/data','type':''}},
                 {'name':'d','downwardAPI':{'defaultMode':420,'items':[{'path':'l','fieldRef':{'fieldPath':'metadata.labels',
                   'apiVersion':'v1'}}]}},
                 {'name':'p','projected':{'defaultMode':420,'sources':[{'serviceAccountToken':{'path':'token',
                   'expirationSeconds':3600}},{'downwardAPI':{'items':[{'path':'n','fieldRef':{'fieldPath':'metadata.name',
                   'apiVersion':'v1'}}]}}]}},
                 {'name':'i','iscsi':{'targetPortal':'1.2.3.4','iqn':'iqn.x','lun':0,'iscsiInterface':'default'}},
                 {'name':'r','rbd':{'monitors':['m'],'image':'img','pool':'rbd','user':'admin','keyring':'/etc/ceph/keyring'}},
                 {'name':'a','azureDisk':{'diskName':'d','diskURI':'u','cachingMode':'ReadWrite','kind':'Shared',
                   'fsType':'ext4','readOnly':false}},
                 {'name':'sc','scaleIO':{'gateway':'g','system':'s','secretRef':{'name':'x'},
                   'storageMode':'ThinProvisioned','fsType':'xfs'}},
                 {'name':'eph','ephemeral':{'volumeClaimTemplate':{'spec':{'accessModes':['ReadWriteOnce'],
                   'volumeMode':'Filesystem'}}}}]""");
    }

    @Test
    void setFieldsAreKept() {
        ObjectNode pod = Defaulted.of("", "v1", "pods", """
                {'spec':{'dnsPolicy':'Default','restartPolicy':'Never','schedulerName':'other','enableServiceLinks':false,
                  'terminationGracePeriodSeconds':0,'securityContext':{'runAsUser':1000},
                  'containers':[{'name':'c','image':'busybox','imagePullPolicy':'Never','terminationMessagePath':'/m',
                   'terminationMessagePolicy':'FallbackToLogsOnError','resources':{'requests':{'cpu':'1'}}}]}}""");
        assertJson(pod.get("spec"), """
                {'dnsPolicy':'Default','restartPolicy':'Never','schedulerName':'other','enableServiceLinks':false,
                 'terminationGracePeriodSeconds':0,'securityContext':{'runAsUser':1000},
                 'containers':[{'name':'c','image':'busybox','imagePullPolicy':'Never','terminationMessagePath':'/m',
                   'terminationMessagePolicy':'FallbackToLogsOnError','resources':{'requests':{'cpu':'1'}}}]}""");
    }

    @Test
    void aTemplateGetsPodSpecDefaultsButNotThePodOnlyOnes() {
        ObjectNode t = Defaulted.of("", "v1", "podtemplates", """
                {'template':{'metadata':{'labels':{'a':'b'}},'spec':{'hostNetwork':true,'containers':[{'name':'c',
                  'image':'busybox','ports':[{'containerPort':80}],'resources':{'limits':{'cpu':'1'}}}]}}}""");
        assertJson(t, """
                {'template':{'metadata':{'labels':{'a':'b'}},'spec':{'hostNetwork':true,'containers':[{'name':'c',
                  'image':'busybox','imagePullPolicy':'Always','ports':[{'containerPort':80,'protocol':'TCP'}],
                  'resources':{'limits':{'cpu':'1'}},'terminationMessagePath':'/dev/termination-log',
                  'terminationMessagePolicy':'File'}],
                 'dnsPolicy':'ClusterFirst','restartPolicy':'Always','schedulerName':'default-scheduler',
                 'securityContext':{},'terminationGracePeriodSeconds':30}}}""");
    }
}
