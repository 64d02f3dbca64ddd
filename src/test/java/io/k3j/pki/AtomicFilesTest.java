package io.k3j.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesContentWithExactModeAndCreatesParents() throws Exception {
        Path f = dir.resolve("a/b/c.key");
        AtomicFiles.write(f, bytes("secret"), 0600);
        assertThat(Files.readString(f)).isEqualTo("secret");
        assertThat(mode(f)).isEqualTo("rw-------");

        Path g = dir.resolve("kubeconfig.yaml");
        AtomicFiles.write(g, bytes("x"), 0644);
        // 0644 regardless of the process umask (which only narrows create-time modes).
        assertThat(mode(g)).isEqualTo("rw-r--r--");
    }

    @Test
    void replacesExistingFileAndItsMode() throws Exception {
        Path f = dir.resolve("token");
        AtomicFiles.write(f, bytes("old content that is longer"), 0644);
        AtomicFiles.write(f, bytes("new"), 0600);
        assertThat(Files.readString(f)).isEqualTo("new");
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThat(listing()).containsExactly("token");
    }

    @Test
    void leavesNoTempFileBehindOnSuccess() throws Exception {
        for (int i = 0; i < 5; i++) {
            AtomicFiles.write(dir.resolve("f" + i), bytes("v" + i), 0600);
        }
        assertThat(listing()).containsExactlyInAnyOrder("f0", "f1", "f2", "f3", "f4");
    }

    @Test
    void failedMoveKeepsOldTargetAndRemovesTemp() throws Exception {
        // A non-empty directory cannot be replaced by a rename: the write fails at the very last step.
        Path target = dir.resolve("busy");
        Files.createDirectories(target.resolve("child"));
        assertThatThrownBy(() -> AtomicFiles.write(target, bytes("data"), 0600)).isInstanceOf(IOException.class);
        assertThat(target).isDirectory();
        assertThat(listing()).containsExactly("busy");
    }

    @Test
    void writeIfChangedSkipsIdenticalContentButFixesMode() throws Exception {
        Path f = dir.resolve("k.yaml");
        assertThat(AtomicFiles.writeIfChanged(f, bytes("same"), 0644)).isTrue();
        FileTime old = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(f, old);
        assertThat(AtomicFiles.writeIfChanged(f, bytes("same"), 0600)).isFalse();
        assertThat(Files.getLastModifiedTime(f)).isEqualTo(old);
        assertThat(mode(f)).isEqualTo("rw-------");
        assertThat(AtomicFiles.writeIfChanged(f, bytes("other"), 0600)).isTrue();
        assertThat(Files.readString(f)).isEqualTo("other");
    }

    @Test
    void permissionsFromOctal() {
        assertThat(AtomicFiles.permissions(0640)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ);
        assertThat(PosixFilePermissions.toString(AtomicFiles.permissions(0755))).isEqualTo("rwxr-xr-x");
        assertThat(AtomicFiles.permissions(0)).isEmpty();
        assertThatThrownBy(() -> AtomicFiles.permissions(04755)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AtomicFiles.permissions(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void createPrivateDirectoriesOnlyTouchesNewDirs() throws Exception {
        Path d = dir.resolve("x/tls");
        AtomicFiles.createPrivateDirectories(d, 0700);
        assertThat(mode(d)).isEqualTo("rwx------");
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-x---"));
        AtomicFiles.createPrivateDirectories(d, 0700);
        assertThat(mode(d)).isEqualTo("rwxr-x---");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
