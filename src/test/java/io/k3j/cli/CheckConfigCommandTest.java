package io.k3j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class CheckConfigCommandTest {

    @TempDir
    Path root;

    private void file(String rel, String content) throws Exception {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private void exe(String rel) throws Exception {
        file(rel, "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve(rel), PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private Map<String, Boolean> results() {
        CheckConfigCommand c = new CheckConfigCommand();
        c.root = root;
        return c.checks().stream().collect(Collectors.toMap(CheckConfigCommand.Check::name, ch -> ch.probe().get().pass()));
    }

    @Test
    void emptyHostFailsEveryHostCheck() throws Exception {
        file("proc/sys/kernel/osrelease", "3.10.0-1160.el7.x86_64\n");
        Map<String, Boolean> r = results();
        assertThat(r).containsEntry("kernel >= 4.15", false).containsEntry("cgroup v2", false)
                .containsEntry("containerd", false).containsEntry("runc", false).containsEntry("CNI plugins", false)
                .containsEntry("nft", false).containsEntry("overlay filesystem", false);
    }

    @Test
    void preparedHostPasses() throws Exception {
        file("proc/sys/kernel/osrelease", "6.1.0-13-amd64\n");
        file("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
        file("proc/filesystems", "nodev\tproc\nnodev\toverlay\n");
        file("proc/sys/net/bridge/bridge-nf-call-iptables", "1\n");
        file("proc/net/netfilter/nf_log", "");
        file("proc/sys/net/ipv4/ip_forward", "1\n");
        file("proc/modules", "");
        for (String b : new String[]{"usr/bin/containerd", "usr/sbin/runc", "usr/sbin/nft", "usr/bin/ip",
                "usr/lib/cni/bridge", "usr/lib/cni/host-local", "usr/lib/cni/loopback"}) {
            exe(b);
        }
        assertThat(results()).allSatisfy((name, pass) -> assertThat(pass).as(name).isTrue());
    }

    @Test
    void missingCgroupControllerIsNamed() throws Exception {
        file("sys/fs/cgroup/cgroup.controllers", "cpu io\n");
        CheckConfigCommand c = new CheckConfigCommand();
        c.root = root;
        CheckConfigCommand.Result r = c.checks().stream().filter(ch -> ch.name().equals("cgroup v2")).findFirst()
                .orElseThrow().probe().get();
        assertThat(r.pass()).isFalse();
        assertThat(r.detail()).contains("memory").contains("pids");
    }
}
