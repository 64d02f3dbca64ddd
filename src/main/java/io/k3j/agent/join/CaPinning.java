package io.k3j.agent.join;

import io.k3j.pki.ClusterToken;

import java.io.IOException;

/**
 * K3s's trust-on-first-use with a pin: the joining agent downloads the server's CA bundle from {@code /cacerts}
 * without verifying anything, then accepts it only when its hash (K3s's rule, {@link ClusterToken#caHash(byte[])})
 * equals the one in the K10 token. From then on every connection verifies the server against that bundle.
 */
final class CaPinning {

    private CaPinning() {
    }

    /** @return whether the bundle is pinned (false: a short token without a hash, the bundle taken on trust) */
    static boolean check(ClusterToken token, byte[] bundle, String server) {
        String actual;
        try {
            actual = ClusterToken.caHash(bundle);
        } catch (IOException | RuntimeException e) {
            throw new JoinException(server + "/cacerts did not answer with a CA certificate bundle: " + e.getMessage(), e);
        }
        if (!token.isSecure()) {
            return false;
        }
        if (!token.caHash().equals(actual)) {
            throw new JoinException("the token's CA hash does not match the server's CA certificate (token " + token.caHash()
                    + ", server " + actual + "): the token is for another cluster, or something else answers at " + server);
        }
        return true;
    }
}
