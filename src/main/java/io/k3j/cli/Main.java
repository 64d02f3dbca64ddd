package io.k3j.cli;

import io.k3j.Version;
import io.k3j.log.Logging;
import io.k3j.server.StartupException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The `k3j` executable: a thin shell that picks a subcommand, as K3s's multicall binary does. */
@Command(name = "k3j", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "k3j: a lightweight Kubernetes distribution on the JVM.")
public final class Main implements Runnable {

    /**
     * The subcommands by name, in help order. Only the one named on the command line is built: picocli reflects over
     * every option of every command it is given, and its classes (Java 5 bytecode) stay out of the JVM's start-up
     * cache, so building all of them took ~200 ms of every server start.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(ServerCommand.class, AgentCommand.class,
            KubectlCommand.class, CheckConfigCommand.class, CertificateCommand.class, DatastoreCommand.class,
            SecretsEncryptCommand.class, AotTrainCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        debug = Arrays.asList(args).contains("--debug");
        Logging.configure(debug);
        List<String> argv = new ArrayList<>(Arrays.asList(args));
        CommandLine cli = commandLine(argv.isEmpty() ? null : argv.get(0));
        if (!argv.isEmpty() && argv.get(0).equals("kubectl")) {
            // Bypass option parsing entirely: every argument, --help included, belongs to kubectl.
            try {
                return KubectlCommand.exec(argv.subList(1, argv.size()), System.getenv());
            } catch (java.io.IOException e) {
                return fail(cli, "kubectl", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }
        String command = argv.isEmpty() ? "" : argv.get(0);
        try {
            List<String> merged = switch (command) {
                case "server" -> MergedArgs.merge(ServerCommand::new, argv.subList(1, argv.size()), System.getenv(),
                        ServerCommand.ENV, Defaults.configFile());
                // One config.yaml serves both roles, as K3s's: the agent skips the keys only `server` takes.
                case "agent" -> MergedArgs.merge(AgentCommand::new, argv.subList(1, argv.size()), System.getenv(),
                        AgentCommand.ENV, Defaults.configFile(), MergedArgs.optionOf(ServerCommand::new));
                default -> null;
            };
            if (merged != null) {
                argv = new ArrayList<>();
                argv.add(command);
                argv.addAll(merged);
            }
        } catch (CommandLine.ParameterException e) {
            return fail(cli, command, e.getMessage());
        } catch (IllegalArgumentException e) {
            return fail(cli, command, e.getMessage());
        }
        return cli.execute(argv.toArray(String[]::new));
    }

    private static boolean debug;

    /** The whole command tree. */
    static CommandLine commandLine() {
        return commandLine(null);
    }

    /** The command tree with only {@code command} under the root when that names a subcommand, else all of them. */
    static CommandLine commandLine(String command) {
        CommandLine cli = new CommandLine(new Main());
        Class<?> only = SUBCOMMANDS.get(command);
        for (Class<?> sub : SUBCOMMANDS.values()) {
            if (only == null || sub == only) {
                cli.addSubcommand(sub);
            }
        }
        // One line naming the problem, exit 1: a usage dump buries the message K3s users look for.
        cli.setParameterExceptionHandler((e, a) -> fail(e.getCommandLine(), e.getCommandLine().getCommandName(), e.getMessage()));
        cli.setExecutionExceptionHandler((e, c, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof StartupException) {
                if (debug && e.getCause() != null) {
                    e.getCause().printStackTrace(c.getErr());
                }
                return fail(c, c.getCommandName(), e.getMessage());
            }
            throw e;
        });
        return cli;
    }

    private static Map<String, Class<?>> subcommands(Class<?>... classes) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Class<?> c : classes) {
            byName.put(c.getAnnotation(Command.class).name(), c);
        }
        return Collections.unmodifiableMap(byName);
    }

    private static int fail(CommandLine c, String command, String message) {
        PrintWriter err = c.getErr();
        String prefix = "k3j".equals(command) ? "k3j" : "k3j " + command;
        err.println(prefix + ": error: " + message);
        err.flush();
        return 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Version v = Version.current();
            return new String[]{
                    "k3j version " + v.k3j(),
                    "kubernetes version " + v.kubernetes(),
                    "java version " + Runtime.version()};
        }
    }
}
