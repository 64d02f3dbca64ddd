package io.k3j.controller.workload;

import java.util.ArrayList;
import java.util.List;

/**
 * upstream's slowStartBatch: creates in batches of 1, 2, 4, … running each batch in parallel and stopping after the
 * first batch with a failure, so a quota or admission error costs a few failed calls, not hundreds.
 */
final class SlowStart {

    /** How many calls succeeded, and the first failure (null when all did). */
    record Result(int succeeded, RuntimeException error) {
    }

    private SlowStart() {
    }

    static Result run(int count, Runnable action) {
        int done = 0;
        int batch = 1;
        int remaining = count;
        while (remaining > 0) {
            int size = Math.min(batch, remaining);
            List<Runnable> tasks = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                tasks.add(action);
            }
            List<Throwable> errors = WorkloadController.parallel(tasks);
            done += size - errors.size();
            if (!errors.isEmpty()) {
                Throwable t = errors.getFirst();
                return new Result(done, t instanceof RuntimeException re ? re : new RuntimeException(t));
            }
            remaining -= size;
            batch *= 2;
        }
        return new Result(done, null);
    }
}
