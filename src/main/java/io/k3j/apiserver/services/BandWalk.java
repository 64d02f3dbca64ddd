package io.k3j.apiserver.services;

import io.vertx.core.Future;

import java.math.BigInteger;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Upstream's dynamic search through one band of a range: start at a random offset, go up, wrap around once. Both
 * allocators use it, the upper band first and the lower (static) band once the upper one is full.
 */
final class BandWalk {

    private final BigInteger low;
    private final BigInteger count;
    private final BigInteger start;
    private BigInteger step = BigInteger.ZERO;

    /** Offsets {@code low .. low+count-1}. */
    BandWalk(BigInteger low, BigInteger count, Random random) {
        this.low = low;
        this.count = count;
        this.start = count.signum() <= 0 ? BigInteger.ZERO : new BigInteger(count.bitLength() + 8, random).mod(count);
    }

    /** The next offset to try, or null once every offset of the band was offered. */
    BigInteger next() {
        if (step.compareTo(count) >= 0) {
            return null;
        }
        BigInteger offset = low.add(start.add(step).mod(count));
        step = step.add(BigInteger.ONE);
        return offset;
    }

    /**
     * The first name of the band that is not in {@code taken} and that {@code create} manages to claim. A claim lost
     * to a concurrent allocation (AllocationError ALLOCATED) moves on to the next name; the band exhausted fails
     * with {@code range is full}.
     */
    Future<String> claim(Function<BigInteger, String> nameOf, Set<String> taken, Function<String, Future<Void>> create) {
        while (true) {
            BigInteger offset = next();
            if (offset == null) {
                return Future.failedFuture(AllocationError.full());
            }
            String name = nameOf.apply(offset);
            if (taken.contains(name)) {
                continue;
            }
            return create.apply(name).map(name).recover(e -> {
                if (e instanceof AllocationError a && a.kind() == AllocationError.Kind.ALLOCATED) {
                    taken.add(name);
                    return claim(nameOf, taken, create);
                }
                return Future.failedFuture(e);
            });
        }
    }
}
