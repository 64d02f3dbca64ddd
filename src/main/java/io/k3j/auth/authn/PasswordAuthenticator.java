package io.k3j.auth.authn;

import io.k3j.auth.UserInfo;

import java.util.Optional;

/** HTTP Basic credentials: K3s agents present {@code node:<password>} (or {@code server:…}) this way. */
@FunctionalInterface
public interface PasswordAuthenticator {

    Optional<UserInfo> authenticate(String username, String password);
}
