package io.k3j.addons;

import io.k3j.addons.deploy.DeployController;
import io.k3j.addons.deploy.DeploySettings;
import io.k3j.addons.helm.HelmController;
import io.k3j.addons.helm.HelmSettings;
import io.k3j.client.HttpKubeClient;
import io.k3j.client.KubeClientConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The add-on controllers K3s embeds: the deploy controller (manifests directory) and, unless disabled, the Helm
 * controller, sharing one loopback client. The client is privileged (system:masters), as K3s's supervisor client
 * is: manifests and charts may create RBAC objects, which the API only lets an identity grant that already holds
 * those rights.
 */
public final class AddonsVerticle extends VerticleBase {

    private final KubeClientConfig clientConfig;
    private final DeploySettings deploy;
    private final HelmSettings helm;
    private HttpKubeClient client;

    /** @param helm null when {@code --disable-helm-controller} */
    public AddonsVerticle(KubeClientConfig clientConfig, DeploySettings deploy, HelmSettings helm) {
        this.clientConfig = clientConfig;
        this.deploy = deploy;
        this.helm = helm;
    }

    @Override
    public Future<?> start() {
        client = new HttpKubeClient(vertx, clientConfig);
        // Children stop with this verticle. The Helm controller first, so HelmChart CRDs exist when packaged
        // manifests holding HelmCharts are applied (they are retried on the next pass otherwise).
        Future<String> helmStarted = helm == null ? Future.succeededFuture("")
                : vertx.deployVerticle(new HelmController(client, helm));
        return helmStarted.compose(id -> vertx.deployVerticle(new DeployController(client, deploy)));
    }

    @Override
    public Future<?> stop() {
        if (client != null) {
            client.close();
        }
        return Future.succeededFuture();
    }
}
