/**
 * The server's PKI, laid out like K3s under {@code <data-dir>/server}.
 *
 * <h2>Flow at every server start</h2>
 * <ol>
 *   <li>{@link io.k3j.pki.ClusterPki#ensure} — {@code tls/}: three self-signed ECDSA P-256 CAs (server,
 *       client, request-header; 10 years, never renewed automatically), the API serving cert (server CA),
 *       client certs for the admin and each {@link io.k3j.pki.Component} (client CA), and the RSA
 *       {@code service.key}. Missing files are created; leaves within 120 days of expiry are renewed; the
 *       serving cert is re-issued when the SAN set changes, a leaf when its subject or CA changes. Keys
 *       are never replaced once written.</li>
 *   <li>{@link io.k3j.pki.TokenFiles#ensure} — {@code token}, {@code node-token}, {@code agent-token}
 *       ({@code K10<sha256 of server-ca.crt>::server:<password>}) and {@code cred/passwd}. The password
 *       is fixed at creation; a different {@code --token} later is an error.</li>
 *   <li>{@link io.k3j.pki.KubeconfigWriter} — component kubeconfigs in {@code cred/} and the admin
 *       kubeconfig wherever {@code --write-kubeconfig} points.</li>
 * </ol>
 *
 * <h2>Invariants</h2>
 * Every secret file is written through {@link io.k3j.pki.AtomicFiles} (temp file, fsync, rename; mode
 * 0600 from creation), so a crash leaves the old file or the new one, never a torn one. Nothing in this
 * package logs or puts into an exception message a key, a token or a password.
 *
 * <h2>Formats</h2>
 * Certificate files hold PEM; leaf files carry the issuing CA after the leaf. Keys are PKCS#8 PEM (EC
 * keys include the public point, as OpenSSL writes them); K3s's {@code EC PRIVATE KEY} and
 * {@code RSA PRIVATE KEY} files are read as well, so a custom CA pre-placed K3s-style just works.
 */
package io.k3j.pki;
