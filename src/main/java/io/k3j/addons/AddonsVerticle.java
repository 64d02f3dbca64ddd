package io.k3j.addons;

import io.k3j.addons.deploy.DeployController;
import io.k3j.addons.deploy.DeploySettings;
import io.k3j.addons.deploy.PackagedManifests;
import io.k3j.addons.helm.HelmController;
import io.k3j.addons.helm.HelmSettings;
import io.k3j.client.KubeClient;
import io.k3j.client.KubeClientFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.k3j.controller.LeaderElector;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The add-on controllers K3s embeds: the deploy controller (manifests directory) and, unless disabled, the Helm
 * controller, sharing one loopback client. The client is privileged (system:masters), as K3s's supervisor client
 * is: manifests and charts may create RBAC objects, which the API only lets an identity grant that already holds
 * those rights.
 *
 * <p>As in K3s, they run only on the server holding the {@code kube-system/k3j} Lease: with several servers on one
 * datastore, one applies the manifests and installs the charts, and another takes over when it goes away.
 */
public final class AddonsVerticle extends VerticleBase {

    private static final Logger LOG = Logger.getLogger(AddonsVerticle.class.getName());

    private final KubeClientFactory clients;
    private final DeploySettings deploy;
    private final HelmSettings helm;
    private final String identity;
    private KubeClient client;
    private LeaderElector elector;
    private final List<String> children = new ArrayList<>();
    /** Counts terms of leadership, so controllers deployed for a term that already ended are undeployed at once. */
    private int term;
    /** The first term's controllers are deployed (or failed to). */
    private final Promise<Void> firstTerm = Promise.promise();

    /**
     * @param helm     null when {@code --disable-helm-controller}
     * @param identity this server's leader-election identity
     */
    public AddonsVerticle(KubeClientFactory clients, DeploySettings deploy, HelmSettings helm, String identity) {
        this.clients = clients;
        this.deploy = deploy;
        this.helm = helm;
        this.identity = identity;
    }

    @Override
    public Future<?> start() {
        client = clients.create(vertx);
        elector = new LeaderElector(vertx, client, "kube-system", "k3j", identity, LeaderElector.Timing.DEFAULT,
                this::lead, this::lost);
        // As K3s, every server writes the packaged manifests into its own manifests directory at start, leader or
        // not (so the directory exists as soon as the server is up); only the leader applies them.
        return vertx.executeBlocking(() -> PackagedManifests.stage(deploy.packagedRoot(), deploy.manifestsDir(),
                deploy.templateVars(), deploy.disabled())).compose(staged -> campaign());
    }

    private Future<?> campaign() {
        elector.start();
        // A server that leads from the start is ready once its controllers are up, as before leader election; one
        // that waits for another server's lease is ready at once.
        return elector.firstAttempt().compose(leading -> leading ? firstTerm.future() : Future.succeededFuture());
    }

    private void lead() {
        int mine = ++term;
        // The Helm controller first, so HelmChart CRDs exist when packaged manifests holding HelmCharts are applied
        // (they are retried on the next pass otherwise).
        Future<String> helmStarted = helm == null ? Future.succeededFuture("")
                : vertx.deployVerticle(new HelmController(client, helm)).onSuccess(id -> adopt(mine, id));
        helmStarted.compose(id -> vertx.deployVerticle(new DeployController(client, deploy)))
                .onSuccess(id -> adopt(mine, id))
                .onFailure(e -> LOG.log(Level.WARNING, "add-on controllers did not start", new Object[]{"error", e.getMessage()}))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        firstTerm.tryComplete();
                    } else {
                        firstTerm.tryFail(ar.cause()); // fails the start, as it did before leader election
                    }
                });
    }

    private void adopt(int forTerm, String deploymentId) {
        if (forTerm == term && elector.leading()) {
            children.add(deploymentId);
        } else {
            vertx.undeploy(deploymentId);
        }
    }

    /** Leadership lost: stop applying at once, so the new leader is the only one writing. */
    private void lost() {
        term++;
        children.forEach(vertx::undeploy);
        children.clear();
    }

    @Override
    public Future<?> stop() {
        lost();
        Future<Void> released = elector == null ? Future.succeededFuture() : elector.stop();
        return released.eventually(() -> {
            if (client != null) {
                client.close();
            }
            return Future.succeededFuture();
        });
    }
}
