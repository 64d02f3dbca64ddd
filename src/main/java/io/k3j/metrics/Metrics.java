package io.k3j.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process-wide Prometheus registry: JVM and process metrics, Vert.x event-bus metrics per
 * address, and whatever the components register. One registry, scraped by /metrics.
 */
public final class Metrics {

    private static final long PAGE_SIZE = 4096;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics() {
        new FileDescriptorMetrics().bindTo(registry);
        // Resident memory is the figure users compare distributions by; the JVM does not export it.
        Gauge.builder("process.resident.memory", Metrics::residentBytes)
                .description("Resident set size of the k3j process")
                .baseUnit("bytes")
                .register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public MicrometerMetricsFactory vertxFactory() {
        return new MicrometerMetricsFactory(registry);
    }

    /** Vert.x options that turn on event-bus (per address), HTTP server and JVM metrics. */
    public VertxOptions apply(VertxOptions options) {
        MicrometerMetricsOptions m = new MicrometerMetricsOptions()
                .setEnabled(true)
                .setJvmMetricsEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
                .addLabels(Label.EB_ADDRESS, Label.EB_FAILURE, Label.HTTP_CODE, Label.HTTP_METHOD)
                .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT)
                .addDisabledMetricsCategory(MetricsDomain.NET_CLIENT)
                .addDisabledMetricsCategory(MetricsDomain.DATAGRAM_SOCKET);
        return options.setMetricsOptions(m);
    }

    public String scrape() {
        return registry.scrape();
    }

    static double residentBytes() {
        try {
            String[] statm = Files.readString(Path.of("/proc/self/statm")).trim().split("\\s+");
            return Long.parseLong(statm[1]) * PAGE_SIZE;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
