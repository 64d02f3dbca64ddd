package io.k3j.auth.encryption;

import java.security.SecureRandom;

/** Random IVs and nonces. One shared SecureRandom: it is thread-safe and reads the kernel's non-blocking source. */
final class Nonces {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Nonces() {
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        RANDOM.nextBytes(b);
        return b;
    }
}
