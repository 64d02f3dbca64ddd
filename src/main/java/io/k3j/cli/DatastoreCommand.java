package io.k3j.cli;

import io.k3j.store.StoreOptions;
import io.k3j.store.snapshot.SnapshotInfo;
import io.k3j.store.snapshot.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code k3j datastore snapshot save|ls|delete|restore}: the role of K3s's {@code etcd-snapshot}, for the
 * SQLite datastore. Works on the files directly, so save/ls/delete run beside a live server; restore needs it
 * stopped.
 */
@Command(name = "datastore", description = "Manage the datastore.", mixinStandardHelpOptions = true,
        subcommands = DatastoreCommand.Snapshot.class)
public final class DatastoreCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every snapshot subcommand takes. */
    public static final class Common {
        @Option(names = {"--data-dir", "-d"}, defaultValue = "/var/lib/rancher/k3j",
                description = "Folder to hold state (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--datastore-endpoint", defaultValue = "${env:K3J_DATASTORE_ENDPOINT}",
                description = "Datastore endpoint; empty means SQLite under the data dir.")
        String endpoint;

        Snapshots snapshots() {
            return new Snapshots(StoreOptions.defaults(dataDir).withEndpoint(endpoint));
        }
    }

    @Command(name = "snapshot", description = "Save, list, delete and restore datastore snapshots.",
            mixinStandardHelpOptions = true,
            subcommands = {Save.class, Ls.class, Delete.class, Restore.class})
    static final class Snapshot implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    @Command(name = "save", description = "Take a consistent snapshot now (the server may be running).",
            mixinStandardHelpOptions = true)
    static final class Save implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", description = "Snapshot name (default: on-demand-<node>-<unix time>).")
        String name;

        @Override
        public Integer call() throws Exception {
            SnapshotInfo s = common.snapshots().save(name != null ? name : Snapshots.defaultName(Snapshots.ON_DEMAND));
            spec.commandLine().getOut().println("Snapshot " + s.name() + " saved to " + s.path());
            return 0;
        }
    }

    @Command(name = "ls", aliases = "list", description = "List snapshots.", mixinStandardHelpOptions = true)
    static final class Ls implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<SnapshotInfo> all = common.snapshots().list();
            out.printf("%-50s %-70s %12s %s%n", "Name", "Location", "Size", "Created");
            for (SnapshotInfo s : all) {
                out.printf("%-50s %-70s %12d %s%n", s.name(), s.path().toUri(), s.size(),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(s.created().atOffset(ZoneOffset.UTC)));
            }
            return 0;
        }
    }

    @Command(name = "delete", aliases = "rm", description = "Delete snapshots by name.", mixinStandardHelpOptions = true)
    static final class Delete implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(arity = "1..*", paramLabel = "NAME")
        List<String> names;

        @Override
        public Integer call() throws Exception {
            Snapshots snapshots = common.snapshots();
            int missing = 0;
            for (String n : names) {
                if (snapshots.delete(n)) {
                    spec.commandLine().getOut().println("Removed snapshot " + n);
                } else {
                    spec.commandLine().getErr().println("No snapshot named " + n);
                    missing++;
                }
            }
            return missing == 0 ? 0 : 1;
        }
    }

    @Command(name = "restore", description = "Replace the datastore with a snapshot (stop the server first).",
            mixinStandardHelpOptions = true)
    static final class Restore implements Callable<Integer> {
        @Mixin
        Common common;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            String old = common.snapshots().restore(name);
            spec.commandLine().getOut().println("Restored snapshot " + name + "; " + old);
            return 0;
        }
    }
}
