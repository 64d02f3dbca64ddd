package io.k3j.addons.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import io.k3j.pki.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Real Helm, in-process: install, upgrade, uninstall and list releases through Helm's own Go code (loaded as a
 * native library on first use), talking to the API server with a kubeconfig. Releases are stored as Helm stores
 * them (Secrets of type {@code helm.sh/release.v1}), so the {@code helm} CLI sees them.
 *
 * <p>Every method blocks for as long as Helm works (seconds): call them on worker threads only. The caller runs at
 * most one operation per release at a time; different releases may run in parallel.
 */
public final class HelmRunner {

    private static final Logger LOG = Logger.getLogger(HelmRunner.class.getName());

    private final Path kubeconfig;
    private final Path workDir;

    /**
     * @param kubeconfig a kubeconfig with the rights Helm needs (the admin one: charts install anything)
     * @param workDir    private scratch directory for values files (created 0700)
     */
    public HelmRunner(Path kubeconfig, Path workDir) {
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
    }

    /** Helm's version, loading the native library if it is not loaded yet. */
    public static String version() {
        try {
            return Helm.version().call();
        } finally {
            SignalGuard.restore();
        }
    }

    /**
     * Makes the release match the request: installs it when absent, upgrades it when deployed, and first applies
     * the failure policy to a release an earlier attempt left failed or half-done.
     */
    public HelmOperation apply(ReleaseRequest req) throws HelmException {
        Path values = writeValues(req);
        try {
            Optional<ReleaseInfo> current = find(req.name(), req.namespace());
            HelmOperation.Kind kind = HelmOperation.Kind.INSTALLED;
            if (current.isPresent() && current.get().broken()) {
                if (req.failurePolicy() == ReleaseRequest.FailurePolicy.ABORT) {
                    throw new HelmException("release " + req.name() + " is " + current.get().status()
                            + " and failurePolicy is abort: fix or delete it by hand");
                }
                LOG.log(Level.INFO, "reinstalling release", new Object[]{"release", req.name(),
                        "namespace", req.namespace(), "status", current.get().status()});
                uninstall(req.name(), req.namespace());
                current = Optional.empty();
                kind = HelmOperation.Kind.REINSTALLED;
            }
            Release r = current.isEmpty() ? install(req, values) : upgrade(req, values);
            return new HelmOperation(current.isEmpty() ? kind : HelmOperation.Kind.UPGRADED, info(r, req.namespace()));
        } finally {
            try {
                Files.deleteIfExists(values);
            } catch (IOException ignored) {
                // a leftover values file in the 0700 work dir is overwritten next time
            }
        }
    }

    private Release install(ReleaseRequest req, Path values) throws HelmException {
        InstallCommand cmd = Helm.install(req.chart().toString())
                .withName(req.name())
                .withNamespace(req.namespace())
                .withKubeConfig(kubeconfig)
                .withValuesFile(values)
                .withTimeout(seconds(req))
                .withDescription("installed by k3j helm-controller");
        if (req.createNamespace()) {
            cmd.createNamespace();
        }
        return call("install", req.name(), cmd::call);
    }

    private Release upgrade(ReleaseRequest req, Path values) throws HelmException {
        // resetValues: the HelmChart is the whole truth; values it no longer sets fall back to the chart's defaults.
        UpgradeCommand cmd = Helm.upgrade(req.chart().toString())
                .withName(req.name())
                .withNamespace(req.namespace())
                .withKubeConfig(kubeconfig)
                .withValuesFile(values)
                .withTimeout(seconds(req))
                .resetValues()
                .withDescription("upgraded by k3j helm-controller");
        if (req.createNamespace()) {
            cmd.createNamespace();
        }
        return call("upgrade", req.name(), cmd::call);
    }

    /** Uninstalls the release with its objects; a release that does not exist is not an error. */
    public void uninstall(String name, String namespace) throws HelmException {
        call("uninstall", name, () -> Helm.uninstall(name).withNamespace(namespace).withKubeConfig(kubeconfig)
                .ignoreNotFound().call());
    }

    /** Releases in every state; {@code namespace} "" for all namespaces. */
    public List<ReleaseInfo> list(String namespace) throws HelmException {
        var cmd = Helm.list().all().withKubeConfig(kubeconfig);
        if (namespace.isEmpty()) {
            cmd.allNamespaces();
        } else {
            cmd.withNamespace(namespace);
        }
        List<Release> releases = call("list", namespace, cmd::call);
        List<ReleaseInfo> out = new ArrayList<>();
        for (Release r : releases) {
            out.add(info(r, r.getNamespace()));
        }
        return out;
    }

    public Optional<ReleaseInfo> find(String name, String namespace) throws HelmException {
        return list(namespace).stream().filter(r -> r.name().equals(name)).findFirst();
    }

    private Path writeValues(ReleaseRequest req) throws HelmException {
        try {
            AtomicFiles.createPrivateDirectories(workDir, 0700);
            Path file = workDir.resolve("values-" + req.namespace() + "-" + req.name() + ".json");
            AtomicFiles.writeIfChanged(file, ValuesYaml.write(req.values()).getBytes(StandardCharsets.UTF_8), 0600);
            return file;
        } catch (IOException e) {
            throw new HelmException("cannot write the values file: " + e.getMessage(), e);
        }
    }

    private static int seconds(ReleaseRequest req) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, req.timeout().toSeconds()));
    }

    private static ReleaseInfo info(Release r, String namespace) {
        int revision;
        try {
            revision = Integer.parseInt(r.getRevision().strip());
        } catch (RuntimeException e) {
            revision = 0;
        }
        return new ReleaseInfo(r.getName(), r.getNamespace() == null || r.getNamespace().isEmpty() ? namespace
                : r.getNamespace(), r.getStatus() == null ? "" : r.getStatus().strip(), revision,
                r.getChart() == null ? "" : r.getChart(), r.getAppVersion() == null ? "" : r.getAppVersion());
    }

    @FunctionalInterface
    private interface HelmCall<T> {
        T call() throws Exception;
    }

    /** Runs one Helm call and turns its failure into Helm's error text. */
    private static <T> T call(String op, String release, HelmCall<T> c) throws HelmException {
        try {
            return c.call();
        } catch (HelmException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage().strip();
            LOG.log(Level.FINE, "helm call failed", new Object[]{"op", op, "release", release, "error", msg});
            throw new HelmException(msg, e);
        } finally {
            SignalGuard.restore();
        }
    }

}
