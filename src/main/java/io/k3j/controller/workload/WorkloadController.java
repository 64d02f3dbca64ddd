package io.k3j.controller.workload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.client.Informer;
import io.k3j.client.Informers;
import io.k3j.client.KubeApiException;
import io.k3j.client.KubeClient;
import io.k3j.client.WorkQueue;
import io.k3j.controller.Controller;
import io.k3j.controller.ControllerContext;
import io.k3j.controller.EventRecorder;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the workload controllers share: informer handlers enqueue keys into one {@link WorkQueue}; each key's sync runs
 * on a virtual thread, so it reads top to bottom like upstream's (a write, then a decision on its result) while no
 * event loop ever waits. The queue guarantees one sync per key at a time. A sync starts only once every informer the
 * controller reads has listed, so a half-filled cache never looks like "no pods yet".
 */
abstract class WorkloadController implements Controller {

    private static final Logger LOG = Logger.getLogger(WorkloadController.class.getName());

    protected ControllerContext ctx;
    protected KubeClient client;
    protected EventRecorder recorder;
    protected WorkQueue queue;
    private final List<Informer> used = new ArrayList<>();
    private ExecutorService threads;

    /** The name Events are signed with (upstream's "replicaset-controller" etc.). */
    protected abstract String component();

    /** Registers informers, indexes and handlers; returns the informers a sync reads. */
    protected abstract List<Informer> register(Informers informers);

    /** Reconciles one key; a thrown exception retries it with back-off. Runs on a virtual thread. */
    protected abstract void sync(String key) throws Exception;

    protected int workers() {
        return 5;
    }

    @Override
    public final void start(ControllerContext ctx) {
        this.ctx = ctx;
        this.client = new ContextClient(ctx.client(), ctx.vertx().getOrCreateContext());
        this.recorder = new EventRecorder(client, component(), ctx.host(), ctx.clock());
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("k3j-" + name() + "-", 0).factory());
        this.queue = new WorkQueue(ctx.vertx(), name(), workers(), this::run);
        used.addAll(register(ctx.informers()));
    }

    @Override
    public void stop() {
        if (queue != null) {
            queue.stop();
        }
        if (threads != null) {
            threads.shutdown();
        }
    }

    private Future<?> run(String key) {
        List<Future<Void>> synced = used.stream().map(Informer::synced).toList();
        return Future.all(synced).compose(v -> {
            Promise<Void> p = Promise.promise();
            threads.execute(() -> {
                try {
                    sync(key);
                    p.complete();
                } catch (KubeApiException e) {
                    if (e.namespaceTerminating()) {
                        // As upstream's controllers: creates in a namespace being deleted all fail until it is gone,
                        // so retrying (and logging each retry) only adds load to the deletion.
                        LOG.log(Level.FINE, "namespace is being deleted; not retrying", new Object[]{"key", key});
                        p.complete();
                    } else {
                        p.fail(e);
                    }
                } catch (Throwable t) {
                    p.fail(t);
                }
            });
            return p.future();
        });
    }

    protected Instant now() {
        return Instant.now(ctx.clock());
    }

    protected void enqueue(ObjectNode obj) {
        queue.add(Meta.key(obj));
    }

    /** Waits (on the sync's virtual thread) for a client call; failures surface as their original exception. */
    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get();
        } catch (ExecutionException | CompletionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new RuntimeException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeException(e);
        }
    }

    static boolean notFound(Throwable t) {
        return t instanceof KubeApiException k && k.notFound();
    }

    static boolean conflict(Throwable t) {
        return t instanceof KubeApiException k && k.conflict();
    }

    /** Runs {@code tasks} at once on virtual threads and waits for all; returns the failures. */
    static List<Throwable> parallel(List<Runnable> tasks) {
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        if (tasks.size() == 1) {
            try {
                tasks.getFirst().run();
            } catch (Throwable t) {
                errors.add(t);
            }
            return errors;
        }
        List<Thread> threads = new ArrayList<>();
        for (Runnable r : tasks) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    r.run();
                } catch (Throwable t) {
                    errors.add(t);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                errors.add(e);
            }
        }
        return errors;
    }
}
