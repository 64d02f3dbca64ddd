package io.k3j.addons.helm;

/** A Helm release as {@code helm list} shows it. */
public record ReleaseInfo(String name, String namespace, String status, int revision, String chart, String appVersion) {

    public boolean deployed() {
        return "deployed".equals(status);
    }

    /** An earlier operation failed or never finished: the release needs the failure policy before anything else. */
    public boolean broken() {
        return "failed".equals(status) || status.startsWith("pending-") || "uninstalling".equals(status);
    }
}
