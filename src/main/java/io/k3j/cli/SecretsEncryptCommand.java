package io.k3j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k3j.pki.ClientTls;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code k3j secrets-encrypt status|enable|disable|prepare|rotate|reencrypt|rotate-keys}, with K3s's stages.
 * Talks to the running server's admin endpoint over HTTPS as system:admin (the client-admin certificate under
 * the data dir, so only root can run it), because the keys live in the server's memory and re-encryption must
 * go through the server's store while it serves. Every step applies online: no restart is needed.
 */
@Command(name = "secrets-encrypt", description = "Control secrets encryption and keys rotation.",
        mixinStandardHelpOptions = true,
        subcommands = {SecretsEncryptCommand.Status.class, SecretsEncryptCommand.Enable.class,
                SecretsEncryptCommand.Disable.class, SecretsEncryptCommand.Prepare.class, SecretsEncryptCommand.Rotate.class,
                SecretsEncryptCommand.Reencrypt.class, SecretsEncryptCommand.RotateKeys.class})
public final class SecretsEncryptCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the server is and the credentials to reach it. */
    static final class Target {
        @Option(names = {"-d", "--data-dir"}, paramLabel = "DIR", description = "Data directory of the server (default: ${DEFAULT-VALUE})")
        Path dataDir = Defaults.dataDir();

        @Option(names = {"-s", "--server"}, paramLabel = "URL", description = "Server to talk to (default: ${DEFAULT-VALUE})")
        String server = "https://127.0.0.1:6443";

        JsonNode call(String method, String path, String body) throws Exception {
            Path tls = dataDir.resolve("server").resolve("tls");
            Path cert = tls.resolve("client-admin.crt");
            if (!Files.isReadable(cert)) {
                throw new IllegalArgumentException("cannot read " + cert + " (run as root, with the server's --data-dir)");
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .sslContext(ClientTls.context(cert, tls.resolve("client-admin.key"), tls.resolve("server-ca.crt")))
                    .build();
            HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
            req = body == null ? req.GET()
                    : req.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
            HttpResponse<String> resp;
            try {
                resp = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot reach the server at " + server + ": " + e.getMessage());
            }
            JsonNode json;
            try {
                json = JSON.readTree(resp.body());
            } catch (IOException e) {
                json = null;
            }
            if (resp.statusCode() != 200 || json == null) {
                String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
                        : "server answered " + resp.statusCode();
                throw new IllegalArgumentException(message);
            }
            return json;
        }

        int command(CommandSpec spec, String action, boolean force, boolean skip) throws Exception {
            String body = JSON.createObjectNode().put("action", action).put("force", force).put("skip", skip).toString();
            spec.commandLine().getOut().println(call("PUT", "/v1-k3j/encrypt/config", body).path("message").asText());
            return 0;
        }
    }

    @Command(name = "status", description = "Print the current status of secrets encryption.", mixinStandardHelpOptions = true)
    static final class Status implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;
        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", description = "text (default) or json")
        String output = "text";

        @Override
        public Integer call() throws Exception {
            JsonNode s = target.call("GET", "/v1-k3j/encrypt/status", null);
            PrintWriter out = spec.commandLine().getOut();
            if ("json".equals(output)) {
                out.println(s.toPrettyString());
                return 0;
            }
            if (!s.path("configured").asBoolean()) {
                out.println("Encryption Status: Disabled, no configuration file found");
                return 0;
            }
            out.println("Encryption Status: " + (s.path("enabled").asBoolean() ? "Enabled" : "Disabled"));
            out.println("Current Rotation Stage: " + s.path("stage").asText());
            if (s.hasNonNull("lastError")) {
                out.println("Last Reencryption Error: " + s.path("lastError").asText());
            }
            out.println();
            out.printf("%-7s %-10s %s%n", "Active", "Key Type", "Name");
            out.printf("%-7s %-10s %s%n", "------", "--------", "----");
            for (JsonNode k : s.path("keys")) {
                out.printf("%-7s %-10s %s%n", k.path("active").asBoolean() ? " *" : "", k.path("type").asText(),
                        k.path("name").asText());
            }
            return 0;
        }
    }

    @Command(name = "enable", description = "Encrypt Secrets written from now on.", mixinStandardHelpOptions = true)
    static final class Enable implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return target.command(spec, "enable", false, false);
        }
    }

    @Command(name = "disable", description = "Store Secrets written from now on in plaintext.", mixinStandardHelpOptions = true)
    static final class Disable implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return target.command(spec, "disable", false, false);
        }
    }

    @Command(name = "prepare", description = "Add a new key, used to read until it is rotated in.", mixinStandardHelpOptions = true)
    static final class Prepare implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;
        @Option(names = {"-f", "--force"}, description = "Skip the rotation-stage check")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return target.command(spec, "prepare", force, false);
        }
    }

    @Command(name = "rotate", description = "Make the prepared key the one that encrypts.", mixinStandardHelpOptions = true)
    static final class Rotate implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;
        @Option(names = {"-f", "--force"}, description = "Skip the rotation-stage check")
        boolean force;

        @Override
        public Integer call() throws Exception {
            return target.command(spec, "rotate", force, false);
        }
    }

    @Command(name = "reencrypt", description = "Rewrite every Secret with the active key, then remove the old keys.",
            mixinStandardHelpOptions = true)
    static final class Reencrypt implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;
        @Option(names = {"-f", "--force"}, description = "Skip the rotation-stage check")
        boolean force;
        @Option(names = "--skip", description = "Keep the old keys after re-encrypting")
        boolean skip;

        @Override
        public Integer call() throws Exception {
            return target.command(spec, "reencrypt", force, skip);
        }
    }

    @Command(name = "rotate-keys", description = "Add a new active key and re-encrypt every Secret with it, online.",
            mixinStandardHelpOptions = true)
    static final class RotateKeys implements Callable<Integer> {
        @Mixin
        Target target;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return target.command(spec, "rotate-keys", false, false);
        }
    }
}
