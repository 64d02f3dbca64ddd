package io.k3j.api.proto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The protobuf bodies real kubectl 1.33 sent (saved by KubectlProtobufTest), next to their expected JSON. */
final class Fixtures {

    record Fixture(String name, byte[] body, Path expectedJson) {
    }

    private Fixtures() {
    }

    static List<Fixture> kubectl() {
        try {
            Path dir = Path.of(Fixtures.class.getResource("kubectl").toURI());
            try (Stream<Path> files = Files.list(dir)) {
                return files.filter(p -> p.toString().endsWith(".pb")).sorted().map(Fixtures::load).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Fixture load(Path pb) {
        String name = pb.getFileName().toString().replace(".pb", "");
        try {
            return new Fixture(name, Files.readAllBytes(pb), pb.resolveSibling(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
