package io.k3j.addons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.k3j.api.GroupVersionResource;
import io.k3j.client.KubeClient;
import io.k3j.client.WriteOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The add-on CRDs k3j installs at start, as K3s does: {@code addons.k3s.cattle.io},
 * {@code helmcharts.helm.cattle.io} ({@code hc}) and {@code helmchartconfigs.helm.cattle.io} ({@code hcc}).
 * Applied with server-side apply, so a newer k3j updates them in place.
 */
public final class AddonCrds {

    private static final Logger LOG = Logger.getLogger(AddonCrds.class.getName());
    public static final GroupVersionResource CRDS =
            new GroupVersionResource("apiextensions.k8s.io", "v1", "customresourcedefinitions");
    public static final GroupVersionResource ADDONS = new GroupVersionResource("k3s.cattle.io", "v1", "addons");
    public static final GroupVersionResource HELMCHARTS = new GroupVersionResource("helm.cattle.io", "v1", "helmcharts");
    public static final GroupVersionResource HELMCHARTCONFIGS =
            new GroupVersionResource("helm.cattle.io", "v1", "helmchartconfigs");
    static final String FIELD_MANAGER = "k3j";
    private static final List<String> FILES = List.of("addons.k3s.cattle.io", "helmcharts.helm.cattle.io",
            "helmchartconfigs.helm.cattle.io");

    private AddonCrds() {
    }

    /** The CRD objects (read from the jar). */
    public static List<ObjectNode> definitions() {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        List<ObjectNode> out = new ArrayList<>();
        for (String f : FILES) {
            try (InputStream in = AddonCrds.class.getResourceAsStream("crds/" + f + ".yaml")) {
                out.add((ObjectNode) yaml.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException("CRD " + f + " is missing from the build", e);
            }
        }
        return out;
    }

    /**
     * Applies the CRDs named in {@code names} (all three when empty) and waits until the server reports each
     * Established, at most {@code timeoutMs}. Fails when a CRD cannot be applied or does not become Established.
     */
    public static Future<Void> install(Vertx vertx, KubeClient client, List<String> names, long timeoutMs) {
        // Reading YAML loads a few hundred classes the first time: not on an event loop.
        return vertx.executeBlocking(AddonCrds::definitions, false)
                .compose(defs -> apply(vertx, client, defs, names, timeoutMs));
    }

    private static Future<Void> apply(Vertx vertx, KubeClient client, List<ObjectNode> defs, List<String> names,
                                      long timeoutMs) {
        List<Future<Void>> all = new ArrayList<>();
        for (ObjectNode crd : defs) {
            String name = crd.path("metadata").path("name").asText();
            if (!names.isEmpty() && !names.contains(name)) {
                continue;
            }
            all.add(client.apply(CRDS, "", crd, WriteOptions.manager(FIELD_MANAGER).forced())
                    .compose(applied -> established(vertx, client, name, System.currentTimeMillis() + timeoutMs)));
        }
        return Future.all(all).mapEmpty();
    }

    private static Future<Void> established(Vertx vertx, KubeClient client, String name, long deadline) {
        return client.get(CRDS, "", name).compose(crd -> {
            for (JsonNode c : crd.path("status").path("conditions")) {
                if ("Established".equals(c.path("type").asText()) && "True".equals(c.path("status").asText())) {
                    return Future.succeededFuture();
                }
            }
            if (System.currentTimeMillis() > deadline) {
                return Future.failedFuture("CRD " + name + " did not become Established");
            }
            Promise<Void> p = Promise.promise();
            vertx.setTimer(100, t -> established(vertx, client, name, deadline).onComplete(p));
            return p.future();
        }).onFailure(e -> LOG.log(Level.FINE, "CRD not ready", new Object[]{"crd", name, "error", e.getMessage()}));
    }
}
