package io.k3j.apiserver.defaults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static io.k3j.apiserver.defaults.Defaulted.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

/** apps/v1 and batch/v1, as kube-apiserver 1.33 defaults them. */
class WorkloadDefaultsTest {

    static final String TEMPLATE = "'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'nginx:1'}]}}";
    static final String DEFAULTED_TEMPLATE = """
            'template':{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'nginx:1',
             'imagePullPolicy':'IfNotPresent','resources':{},'terminationMessagePath':'/dev/termination-log',
             'terminationMessagePolicy':'File'}],'dnsPolicy':'ClusterFirst','restartPolicy':'Always',
             'schedulerName':'default-scheduler','securityContext':{},'terminationGracePeriodSeconds':30}}""";

    @Test
    void deployment() {
        assertJson(Defaulted.of("apps", "v1", "deployments", "{'spec':{'selector':{'matchLabels':{'app':'a'}}," + TEMPLATE + "}}"),
                """
                {'spec':{'selector':{'matchLabels':{'app':'a'}},'replicas':1,'revisionHistoryLimit':10,
                 'progressDeadlineSeconds':600,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxUnavailable':'25%',
                 'maxSurge':'25%'}},""" + DEFAULTED_TEMPLATE + "}}");
        assertJson(Defaulted.of("apps", "v1", "deployments", "{'spec':{'replicas':0,'strategy':{'type':'Recreate'}}}"),
                "{'spec':{'replicas':0,'strategy':{'type':'Recreate'},'revisionHistoryLimit':10,'progressDeadlineSeconds':600}}");
    }

    @Test
    void replicaSetStatefulSetDaemonSet() {
        assertJson(Defaulted.of("apps", "v1", "replicasets", "{'spec':{" + TEMPLATE + "}}"),
                "{'spec':{'replicas':1," + DEFAULTED_TEMPLATE + "}}");
        assertJson(Defaulted.of("apps", "v1", "statefulsets", """
                {'spec':{'serviceName':'s',""" + TEMPLATE + """
                ,'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce']}}]}}"""), """
                {'spec':{'serviceName':'s','replicas':1,'revisionHistoryLimit':10,'podManagementPolicy':'OrderedReady',
                 'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'partition':0}},
                 'persistentVolumeClaimRetentionPolicy':{'whenDeleted':'Retain','whenScaled':'Retain'},
                 'volumeClaimTemplates':[{'metadata':{'name':'data'},'spec':{'accessModes':['ReadWriteOnce'],
                  'volumeMode':'Filesystem'},'status':{'phase':'Pending'}}],""" + DEFAULTED_TEMPLATE + "}}");
        // A RollingUpdate named without a rollingUpdate block gets no partition, as upstream.
        assertJson(Defaulted.of("apps", "v1", "statefulsets", "{'spec':{'updateStrategy':{'type':'RollingUpdate'}}}")
                .at("/spec/updateStrategy"), "{'type':'RollingUpdate'}");
        assertJson(Defaulted.of("apps", "v1", "statefulsets",
                        "{'spec':{'updateStrategy':{'type':'RollingUpdate','rollingUpdate':{'partition':2}}}}")
                .at("/spec/updateStrategy"), "{'type':'RollingUpdate','rollingUpdate':{'partition':2}}");
        assertJson(Defaulted.of("apps", "v1", "daemonsets", "{'spec':{" + TEMPLATE + "}}"), """
                {'spec':{'revisionHistoryLimit':10,'updateStrategy':{'type':'RollingUpdate','rollingUpdate':
                 {'maxUnavailable':1,'maxSurge':0}},""" + DEFAULTED_TEMPLATE + "}}");
        assertJson(Defaulted.of("apps", "v1", "daemonsets", "{'spec':{'updateStrategy':{'type':'OnDelete'},'revisionHistoryLimit':3}}"),
                "{'spec':{'updateStrategy':{'type':'OnDelete'},'revisionHistoryLimit':3}}");
    }

    @Test
    void job() {
        assertJson(Defaulted.of("batch", "v1", "jobs", "{'metadata':{'name':'j'},'spec':{" + TEMPLATE.replace("nginx:1", "busybox:1") + "}}"),
                """
                {'metadata':{'name':'j','labels':{'app':'a'}},'spec':{'completions':1,'parallelism':1,'backoffLimit':6,
                 'completionMode':'NonIndexed','suspend':false,'podReplacementPolicy':'TerminatingOrFailed',"""
                        + DEFAULTED_TEMPLATE.replace("nginx:1", "busybox:1") + "}}");
        assertJson(Defaulted.of("batch", "v1", "jobs", """
                {'metadata':{'labels':{'own':'x'}},'spec':{'parallelism':3,'backoffLimitPerIndex':1,'completionMode':'Indexed',
                 'completions':3,'podFailurePolicy':{'rules':[{'action':'Ignore','onPodConditions':[{'type':'DisruptionTarget'}]}]}}}"""),
                """
                {'metadata':{'labels':{'own':'x'}},'spec':{'parallelism':3,'completions':3,'backoffLimitPerIndex':1,
                 'backoffLimit':2147483647,'completionMode':'Indexed','suspend':false,'podReplacementPolicy':'Failed',
                 'podFailurePolicy':{'rules':[{'action':'Ignore','onPodConditions':[{'type':'DisruptionTarget','status':'True'}]}]}}}""");
        // Parallelism alone leaves completions unset (a work queue).
        assertThat(Defaulted.of("batch", "v1", "jobs", "{'spec':{'parallelism':2}}").path("spec").has("completions")).isFalse();
    }

    @Test
    void cronJobTemplateGetsPodDefaultsOnly() {
        assertJson(Defaulted.of("batch", "v1", "cronjobs",
                "{'spec':{'schedule':'* * * * *','jobTemplate':{'spec':{" + TEMPLATE + "}}}}"), """
                {'spec':{'schedule':'* * * * *','concurrencyPolicy':'Allow','suspend':false,'successfulJobsHistoryLimit':3,
                 'failedJobsHistoryLimit':1,'jobTemplate':{'spec':{""" + DEFAULTED_TEMPLATE + "}}}}");
    }
}
