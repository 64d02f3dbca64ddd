package io.k3j.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.apiserver.rest.Json;
import io.k3j.scheduler.QueuedPod;
import io.k3j.scheduler.ScheduleResult;
import io.k3j.scheduler.Scheduler;
import io.k3j.scheduler.SchedulingQueue;
import io.k3j.scheduler.cache.ClusterSnapshot;
import io.k3j.scheduler.cache.NodeInfo;
import io.k3j.scheduler.cache.PodInfo;
import io.k3j.scheduler.plugins.DefaultPlugins;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Scheduling algorithm throughput (issue 6): 10,000 pods onto 100 nodes through the queue, the default profile and
 * assume, with no API round trips. Workloads: "plain" (requests only), "spread" (100 Deployment-like groups, each pod
 * with a zone spread constraint and preferred hostname anti-affinity), "hard" (required hostname anti-affinity within
 * groups of 50 and a DoNotSchedule zone constraint). Prints pods/s per workload (median of 3 runs after a warm-up),
 * the cost of parsing the API JSON into PodInfo, and the spread of pods over nodes.
 * Usage: {@code SchedulerBench [pods] [nodes]}.
 */
public final class SchedulerBench {

    private SchedulerBench() {
    }

    public static void main(String[] args) {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int nodes = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        System.out.printf("== scheduler: %,d pods onto %d nodes (%d cores)%n", pods, nodes,
                Runtime.getRuntime().availableProcessors());
        for (String workload : List.of("plain", "spread", "hard")) {
            List<ObjectNode> json = podJson(workload, pods);
            run(workload, json, nodes); // warm-up
            double[] rates = new double[3];
            String detail = "";
            for (int i = 0; i < rates.length; i++) {
                Result r = run(workload, json, nodes);
                rates[i] = r.podsPerSecond;
                detail = r.detail;
            }
            Arrays.sort(rates);
            System.out.printf("%-7s %,9.0f pods/s scheduled (median of 3)  %s%n", workload, rates[1], detail);
        }
    }

    private record Result(double podsPerSecond, String detail) {
    }

    private static Result run(String workload, List<ObjectNode> json, int nodeCount) {
        ClusterSnapshot snapshot = new ClusterSnapshot();
        for (int i = 0; i < nodeCount; i++) {
            snapshot.upsertNode(node("node-" + i, "zone-" + (i % 3)));
        }
        long t0 = System.nanoTime();
        List<PodInfo> infos = new ArrayList<>(json.size());
        json.forEach(j -> infos.add(PodInfo.of(j)));
        long t1 = System.nanoTime();
        Scheduler scheduler = new Scheduler(DefaultPlugins.profile(), new SplittableRandom(1));
        SchedulingQueue queue = new SchedulingQueue(scheduler.profile(), InstantSource.system());
        infos.forEach(queue::add);
        int scheduled = 0;
        int failed = 0;
        long t2 = System.nanoTime();
        for (Optional<QueuedPod> next = queue.pop(); next.isPresent(); next = queue.pop()) {
            QueuedPod q = next.get();
            ScheduleResult r = scheduler.schedule(q.pod(), snapshot);
            if (r instanceof ScheduleResult.Scheduled s) {
                snapshot.assume(q.pod(), s.node());
                queue.done(q);
                scheduled++;
            } else {
                queue.done(q); // a benchmark does not retry
                failed++;
            }
        }
        long t3 = System.nanoTime();
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (NodeInfo n : snapshot.nodes()) {
            min = Math.min(min, n.pods().size());
            max = Math.max(max, n.pods().size());
        }
        double seconds = (t3 - t2) / 1e9;
        String detail = String.format("parse %.1f us/pod, %d unschedulable, pods per node %d..%d",
                (t1 - t0) / 1e3 / json.size(), failed, min, max);
        return new Result(scheduled / seconds, workload.isEmpty() ? "" : detail);
    }

    private static ObjectNode node(String name, String zone) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = n.putObject("metadata");
        meta.put("name", name);
        meta.putObject("labels").put("kubernetes.io/hostname", name).put("topology.kubernetes.io/zone", zone);
        n.putObject("status").putObject("allocatable").put("cpu", "32").put("memory", "128Gi").put("pods", "110");
        return n;
    }

    private static List<ObjectNode> podJson(String workload, int count) {
        List<ObjectNode> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String group = "app-" + (workload.equals("hard") ? i % 200 : i % 100);
            ObjectNode p = Json.MAPPER.createObjectNode();
            p.put("apiVersion", "v1").put("kind", "Pod");
            ObjectNode meta = p.putObject("metadata");
            meta.put("name", "pod-" + i).put("namespace", "default").put("uid", "uid-" + i);
            meta.putObject("labels").put("app", group);
            ObjectNode spec = p.putObject("spec");
            ObjectNode c = spec.putArray("containers").addObject();
            c.put("name", "app").put("image", "registry.k3j.io/app:1");
            c.putObject("resources").putObject("requests").put("cpu", "100m").put("memory", "128Mi");
            if (!workload.equals("plain")) {
                boolean hard = workload.equals("hard");
                ObjectNode tsc = spec.putArray("topologySpreadConstraints").addObject();
                tsc.put("maxSkew", 1).put("topologyKey", "topology.kubernetes.io/zone")
                        .put("whenUnsatisfiable", hard ? "DoNotSchedule" : "ScheduleAnyway");
                tsc.putObject("labelSelector").putObject("matchLabels").put("app", group);
                ObjectNode term = Json.MAPPER.createObjectNode();
                term.put("topologyKey", "kubernetes.io/hostname");
                term.putObject("labelSelector").putObject("matchLabels").put("app", group);
                ObjectNode anti = spec.putObject("affinity").putObject("podAntiAffinity");
                if (hard) {
                    anti.putArray("requiredDuringSchedulingIgnoredDuringExecution").add(term);
                } else {
                    ObjectNode w = anti.putArray("preferredDuringSchedulingIgnoredDuringExecution").addObject();
                    w.put("weight", 100).set("podAffinityTerm", term);
                }
            }
            out.add(p);
        }
        return out;
    }
}
