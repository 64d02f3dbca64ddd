package io.k3j.api.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.GroupVersionKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile bodies: mutations of what kubectl really sent. Whatever the bytes, decode either returns or throws
 * {@link ProtobufBodyException}; it never hangs and its output stays proportional to its input.
 */
class ProtobufBodyFuzzTest {

    private static final int ROUNDS = 12_000;
    private static final long SEED = 0x6b387300L;

    @Test
    void mutatedBodiesOnlyEverFailAsBadRequests() {
        List<Fixtures.Fixture> seeds = Fixtures.kubectl();
        SplittableRandom random = new SplittableRandom(SEED);
        List<String> failures = new ArrayList<>();
        int decoded = 0, rejected = 0;
        long slowest = 0, started = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size())).body();
            byte[] body = mutate(seed, random);
            GroupVersionKind expected = i % 2 == 0 ? null : kindOf(seed);
            long t0 = System.nanoTime();
            try {
                DecodedBody result = ProtobufBody.decode(body, expected);
                assertThat(result.object().toString().length()).as(hex(body))
                        .isLessThanOrEqualTo(64 * body.length + 1024);
                decoded++;
            } catch (ProtobufBodyException e) {
                rejected++;
            } catch (Throwable t) {
                failures.add(t + " for " + hex(body));
            }
            slowest = Math.max(slowest, System.nanoTime() - t0);
        }
        long totalMs = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("fuzz: %d inputs, %d decoded, %d rejected, slowest %d µs, total %d ms%n", ROUNDS, decoded,
                rejected, slowest / 1000, totalMs);
        assertThat(failures).isEmpty();
        // both outcomes must be exercised, or the mutations are not reaching the decoder
        assertThat(decoded).isGreaterThan(ROUNDS / 20);
        assertThat(rejected).isGreaterThan(ROUNDS / 20);
        assertThat(slowest).as("slowest single decode (ns)").isLessThan(500_000_000L);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom r) {
        byte[] b = seed.clone();
        switch (r.nextInt(8)) {
            case 0 -> { // flip a few bits
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    int at = r.nextInt(b.length);
                    b[at] ^= (byte) (1 << r.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length)); // truncate
            case 2 -> { // overwrite a byte, often with a varint-ish value
                b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0xff : r.nextInt(256));
            }
            case 3 -> { // insert random bytes after the magic
                int at = 4 + r.nextInt(b.length - 4);
                byte[] junk = new byte[1 + r.nextInt(8)];
                r.nextBytes(junk);
                byte[] out = new byte[b.length + junk.length];
                System.arraycopy(b, 0, out, 0, at);
                System.arraycopy(junk, 0, out, at, junk.length);
                System.arraycopy(b, at, out, at + junk.length, b.length - at);
                b = out;
            }
            case 4 -> { // delete a range
                int from = 4 + r.nextInt(b.length - 4), to = Math.min(b.length, from + 1 + r.nextInt(16));
                byte[] out = new byte[b.length - (to - from)];
                System.arraycopy(b, 0, out, 0, from);
                System.arraycopy(b, to, out, from, b.length - to);
                b = out;
            }
            case 5 -> { // duplicate a range (repeated fields, merged messages, confused lengths)
                int from = 4 + r.nextInt(b.length - 4), len = Math.min(b.length - from, 1 + r.nextInt(32));
                byte[] out = Arrays.copyOf(b, b.length + len);
                System.arraycopy(b, from, out, b.length, len);
                b = out;
            }
            case 6 -> { // random body behind a valid magic
                b = new byte[4 + r.nextInt(64)];
                r.nextBytes(b);
                b[0] = 0x6b;
                b[1] = 0x38;
                b[2] = 0x73;
                b[3] = 0x00;
            }
            default -> { // pure noise
                b = new byte[r.nextInt(64)];
                r.nextBytes(b);
            }
        }
        return b;
    }

    private static GroupVersionKind kindOf(byte[] seed) {
        try {
            return ProtobufBody.decode(seed).kind();
        } catch (ProtobufBodyException e) {
            throw new AssertionError(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
