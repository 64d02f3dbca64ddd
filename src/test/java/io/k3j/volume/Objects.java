package io.k3j.volume;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Test builders for PersistentVolumes and claims as JSON (single quotes for readability). */
public final class Objects {

    private static final ObjectMapper M = new ObjectMapper();

    private Objects() {
    }

    public static ObjectNode json(String singleQuoted) {
        try {
            return (ObjectNode) M.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An Available RWO Filesystem volume of class {@code cls} with extra spec fields merged in. */
    public static ObjectNode pv(String name, String size, String cls, String extraSpec) {
        ObjectNode pv = json("{'apiVersion':'v1','kind':'PersistentVolume','metadata':{'name':'" + name + "','uid':'uid-" + name
                + "','resourceVersion':'10'},'spec':{'capacity':{'storage':'" + size + "'},'accessModes':['ReadWriteOnce'],"
                + "'persistentVolumeReclaimPolicy':'Retain','storageClassName':'" + cls + "','hostPath':{'path':'/data/" + name
                + "'}},'status':{'phase':'Available'}}");
        if (!extraSpec.isEmpty()) {
            json(extraSpec).properties().forEach(e -> ((ObjectNode) pv.get("spec")).set(e.getKey(), e.getValue()));
        }
        return pv;
    }

    public static ObjectNode pvc(String name, String size, String cls, String extraSpec) {
        ObjectNode pvc = json("{'apiVersion':'v1','kind':'PersistentVolumeClaim','metadata':{'name':'" + name
                + "','namespace':'ns','uid':'uid-" + name + "','resourceVersion':'20'},'spec':{'accessModes':['ReadWriteOnce'],"
                + "'resources':{'requests':{'storage':'" + size + "'}}},'status':{'phase':'Pending'}}");
        if (cls != null) {
            ((ObjectNode) pvc.get("spec")).put("storageClassName", cls);
        }
        if (!extraSpec.isEmpty()) {
            json(extraSpec).properties().forEach(e -> ((ObjectNode) pvc.get("spec")).set(e.getKey(), e.getValue()));
        }
        return pvc;
    }
}
