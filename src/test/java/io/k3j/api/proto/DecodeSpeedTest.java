package io.k3j.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A JMH-free micro benchmark: median per-decode time over batches after warm-up, for a typical kubectl
 * Deployment and for a Job whose pod template uses most of PodSpec. The bound is loose (shared CI cores); the
 * printed numbers are what to watch.
 */
class DecodeSpeedTest {

    @Test
    void preparingEveryBuiltinKindIsCheap() {
        long t0 = System.nanoTime();
        int kinds = ProtobufBody.prepare();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("prepare: %d kinds in %d ms%n", kinds, ms);
        assertThat(kinds).isGreaterThan(50);
    }

    @Test
    void decodingATypicalDeploymentTakesMicroseconds() throws Exception {
        // warm every body first, so the first one measured does not pay for the JIT
        for (Fixtures.Fixture f : Fixtures.kubectl()) {
            for (int i = 0; i < 5_000; i++) {
                ProtobufBody.decode(f.body());
            }
        }
        double deployment = medianMicros(fixture("deployment"));
        double rich = medianMicros(fixture("job-from-cronjob"));
        System.out.printf("decode: deployment (%d bytes) %.1f µs, rich job (%d bytes) %.1f µs%n",
                fixture("deployment").length, deployment, fixture("job-from-cronjob").length, rich);
        assertThat(deployment).isLessThan(200);
        assertThat(rich).isLessThan(1000);
    }

    private static double medianMicros(byte[] body) throws ProtobufBodyException {
        int batch = 2_000;
        for (int i = 0; i < 20_000; i++) {
            ProtobufBody.decode(body);
        }
        double[] perOp = new double[15];
        for (int b = 0; b < perOp.length; b++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < batch; i++) {
                ProtobufBody.decode(body);
            }
            perOp[b] = (System.nanoTime() - t0) / 1000.0 / batch;
        }
        Arrays.sort(perOp);
        return perOp[perOp.length / 2];
    }

    private static byte[] fixture(String name) {
        return Fixtures.kubectl().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow().body();
    }
}
