package io.k3j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * `k3j check-config`: what the node side needs from the kernel and the host, one pass/fail line
 * each, so a user learns before the first pod what is missing and how to get it.
 */
@Command(name = "check-config", description = "Check the kernel and host for what a k3j node needs.")
public final class CheckConfigCommand implements Callable<Integer> {

    @Option(names = "--root", hidden = true, description = "Filesystem root to inspect (tests)")
    Path root = Path.of("/");

    record Result(boolean pass, String detail) {
        static Result pass(String detail) {
            return new Result(true, detail);
        }

        static Result fail(String detail) {
            return new Result(false, detail);
        }
    }

    record Check(String name, Supplier<Result> probe) {
    }

    @Override
    public Integer call() {
        int failed = 0;
        for (Check c : checks()) {
            Result r;
            try {
                r = c.probe().get();
            } catch (RuntimeException e) {
                r = Result.fail(String.valueOf(e.getMessage()));
            }
            if (!r.pass()) {
                failed++;
            }
            System.out.printf("%-4s  %-28s %s%n", r.pass() ? "PASS" : "FAIL", c.name(), r.detail());
        }
        System.out.println(failed == 0 ? "all checks passed" : failed + " check(s) failed");
        return failed == 0 ? 0 : 1;
    }

    List<Check> checks() {
        List<Check> list = new ArrayList<>();
        list.add(new Check("java >= 21", () -> Runtime.version().feature() >= 21
                ? Result.pass(Runtime.version().toString()) : Result.fail(Runtime.version() + " (need 21+)")));
        list.add(new Check("kernel >= 4.15", this::kernel));
        list.add(new Check("cgroup v2", this::cgroups));
        list.add(new Check("overlay filesystem", () -> fsType("overlay")));
        list.add(new Check("bridge netfilter", () -> moduleOrSysctl("br_netfilter", "proc/sys/net/bridge")));
        list.add(new Check("nf_tables", () -> moduleOrSysctl("nf_tables", "proc/net/netfilter")));
        list.add(new Check("ip forwarding sysctl", () -> exists("proc/sys/net/ipv4/ip_forward")
                ? Result.pass("net.ipv4.ip_forward=" + read("proc/sys/net/ipv4/ip_forward"))
                : Result.fail("missing /proc/sys/net/ipv4/ip_forward")));
        list.add(new Check("containerd", () -> binary("containerd", "apt-get install containerd")));
        list.add(new Check("runc", () -> binary("runc", "apt-get install runc")));
        list.add(new Check("CNI plugins", this::cni));
        list.add(new Check("nft", () -> binary("nft", "apt-get install nftables")));
        list.add(new Check("iproute2 (ip)", () -> binary("ip", "apt-get install iproute2")));
        return list;
    }

    private Result kernel() {
        String release = read("proc/sys/kernel/osrelease");
        String[] parts = release.split("[.-]");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        boolean ok = major > 4 || (major == 4 && minor >= 15);
        return new Result(ok, release);
    }

    private Result cgroups() {
        if (!exists("sys/fs/cgroup/cgroup.controllers")) {
            return exists("sys/fs/cgroup/memory") ? Result.pass("v1 (hybrid); v2 is recommended")
                    : Result.fail("no cgroup filesystem at /sys/fs/cgroup");
        }
        Set<String> have = Set.of(read("sys/fs/cgroup/cgroup.controllers").split("\\s+"));
        List<String> missing = new ArrayList<>();
        for (String c : List.of("cpu", "memory", "pids")) {
            if (!have.contains(c)) {
                missing.add(c);
            }
        }
        return missing.isEmpty() ? Result.pass("controllers: " + String.join(" ", have))
                : Result.fail("missing controllers: " + String.join(" ", missing));
    }

    private Result fsType(String type) {
        String fs = read("proc/filesystems");
        if (fs.lines().anyMatch(l -> l.trim().endsWith(type))) {
            return Result.pass("in /proc/filesystems");
        }
        return moduleOrSysctl(type, null);
    }

    private Result moduleOrSysctl(String module, String procPath) {
        if (procPath != null && exists(procPath)) {
            return Result.pass("loaded");
        }
        if (read("proc/modules").lines().anyMatch(l -> l.startsWith(module + " "))) {
            return Result.pass("module loaded");
        }
        String kernel = read("proc/sys/kernel/osrelease");
        Path mods = root.resolve("lib/modules").resolve(kernel);
        if (Files.exists(mods.resolve("modules.builtin")) && read(root.relativize(mods.resolve("modules.builtin")).toString())
                .lines().anyMatch(l -> l.endsWith("/" + module + ".ko"))) {
            return Result.pass("built into the kernel");
        }
        if (Files.exists(mods.resolve("modules.dep")) && read(root.relativize(mods.resolve("modules.dep")).toString())
                .lines().anyMatch(l -> l.contains("/" + module + ".ko"))) {
            return Result.pass("module available (modprobe " + module + ")");
        }
        return Result.fail("not found (modprobe " + module + ")");
    }

    private Result binary(String name, String hint) {
        for (String dir : List.of("usr/local/sbin", "usr/local/bin", "usr/sbin", "usr/bin", "sbin", "bin")) {
            Path p = root.resolve(dir).resolve(name);
            if (Files.isExecutable(p)) {
                return Result.pass("/" + root.relativize(p));
            }
        }
        return Result.fail("not found (" + hint + ")");
    }

    private Result cni() {
        for (String dir : List.of("usr/lib/cni", "opt/cni/bin")) {
            Path bridge = root.resolve(dir).resolve("bridge");
            if (Files.isExecutable(bridge) && Files.isExecutable(root.resolve(dir).resolve("host-local"))
                    && Files.isExecutable(root.resolve(dir).resolve("loopback"))) {
                return Result.pass("/" + dir);
            }
        }
        return Result.fail("bridge, host-local and loopback not found (apt-get install containernetworking-plugins)");
    }

    private boolean exists(String rel) {
        return Files.exists(root.resolve(rel));
    }

    private String read(String rel) {
        try {
            return Files.readString(root.resolve(rel)).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
