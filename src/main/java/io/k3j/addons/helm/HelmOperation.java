package io.k3j.addons.helm;

/** What {@link HelmRunner#apply} did: the release afterwards and which Helm operation made it so. */
public record HelmOperation(Kind kind, ReleaseInfo release) {

    public enum Kind { INSTALLED, UPGRADED, REINSTALLED }
}
