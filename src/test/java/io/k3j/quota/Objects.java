package io.k3j.quota;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON fixtures for quota tests. */
final class Objects {

    static final ObjectMapper M = new ObjectMapper();

    private Objects() {
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) M.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A pod with one container per "name:requests:limits" spec, e.g. "c1:cpu=100m,memory=1Gi:cpu=200m". */
    static ObjectNode pod(String name, String... containers) {
        ObjectNode pod = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "','namespace':'ns'},'spec':{'containers':[]}}");
        for (String c : containers) {
            String[] parts = c.split(":", -1);
            ObjectNode ctr = pod.withObject("/spec").withArray("containers").addObject().put("name", parts[0]).put("image", "x");
            ObjectNode res = ctr.putObject("resources");
            if (parts.length > 1 && !parts[1].isEmpty()) {
                fill(res.putObject("requests"), parts[1]);
            }
            if (parts.length > 2 && !parts[2].isEmpty()) {
                fill(res.putObject("limits"), parts[2]);
            }
        }
        return pod;
    }

    private static void fill(ObjectNode target, String list) {
        for (String kv : list.split(",")) {
            String[] p = kv.split("=");
            target.put(p[0], p[1]);
        }
    }

    /** A quota whose status has hard = spec.hard and the given used ("pods=1,requests.cpu=500m"; null = no status). */
    static QuotaObject quota(String name, String hard, String used, String... scopes) {
        ObjectNode q = json("{'metadata':{'name':'" + name + "','namespace':'ns'},'spec':{'hard':{}}}");
        fill(q.withObject("/spec/hard"), hard);
        for (String s : scopes) {
            q.withObject("/spec").withArray("scopes").add(s);
        }
        if (used != null) {
            fill(q.putObject("status").putObject("hard"), hard);
            ObjectNode u = q.withObject("/status").putObject("used");
            if (!used.isEmpty()) {
                fill(u, used);
            }
        }
        return QuotaObject.of(q);
    }
}
