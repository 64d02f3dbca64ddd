package io.k3j.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** upstream's pod QoS classes. */
class QosClassTest {

    static QosClass of(String containers) throws Exception {
        return QosClass.of(new ObjectMapper().readTree(("{'spec':" + containers + "}").replace('\'', '"')));
    }

    @Test
    void bestEffortWhenNothingCountsForCpuOrMemory() throws Exception {
        assertThat(of("{'containers':[{'name':'c'}]}")).isEqualTo(QosClass.BestEffort);
        assertThat(of("{'containers':[{'resources':{'requests':{'cpu':'0','ephemeral-storage':'1Gi'}}}]}"))
                .isEqualTo(QosClass.BestEffort);
    }

    @Test
    void guaranteedWhenEveryContainerLimitsBothAndRequestsEqualLimits() throws Exception {
        assertThat(of("{'containers':[{'resources':{'limits':{'cpu':'1','memory':'1Gi'},"
                + "'requests':{'cpu':'1000m','memory':'1024Mi'}}}]}")).isEqualTo(QosClass.Guaranteed);
        // Summed over containers: limits and requests agree in total.
        assertThat(of("{'containers':[{'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'1','memory':'1Gi'}}}],"
                + "'initContainers':[{'resources':{'limits':{'cpu':'500m','memory':'1Gi'},'requests':{'cpu':'500m','memory':'1Gi'}}}]}"))
                .isEqualTo(QosClass.Guaranteed);
    }

    @Test
    void burstableOtherwise() throws Exception {
        assertThat(of("{'containers':[{'resources':{'requests':{'cpu':'100m'}}}]}")).isEqualTo(QosClass.Burstable);
        assertThat(of("{'containers':[{'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'500m','memory':'1Gi'}}}]}"))
                .isEqualTo(QosClass.Burstable);
        // One container without limits spoils it for the pod.
        assertThat(of("{'containers':[{'resources':{'limits':{'cpu':'1','memory':'1Gi'},'requests':{'cpu':'1','memory':'1Gi'}}},"
                + "{'name':'b'}]}")).isEqualTo(QosClass.Burstable);
        // Limits without requests count as Burstable here: it is the API's defaulting that copies limits to requests.
        assertThat(of("{'containers':[{'resources':{'limits':{'cpu':'1','memory':'1Gi'}}}]}")).isEqualTo(QosClass.Burstable);
    }
}
