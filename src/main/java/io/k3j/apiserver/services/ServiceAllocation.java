package io.k3j.apiserver.services;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.schema.FieldError;
import io.k3j.apiserver.rest.WriteHooks;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;

import static io.k3j.apiserver.services.ServiceFields.needsClusterIP;

/**
 * The Service registry's allocation hooks (upstream's beginCreate, beginUpdate and afterDelete of the service REST
 * storage): cluster IPs and node ports are claimed before the Service is stored, given back when its write fails,
 * and released when it leaves the store, whichever way (DELETE, deletecollection, namespace deletion, garbage
 * collection, the last finalizer removed).
 */
public final class ServiceAllocation implements WriteHooks {

    private final ClusterIpAllocator ips;
    private final NodePortAllocator ports;

    ServiceAllocation(ClusterIpAllocator ips, NodePortAllocator ports) {
        this.ips = ips;
        this.ports = ports;
    }

    static boolean handles(ResourceDescriptor d) {
        return d.group().isEmpty() && d.resource().equals("services") && !d.isCustom();
    }

    @Override
    public Future<Transaction> beginCreate(ResourceDescriptor d, ObjectNode svc, boolean dryRun) {
        if (!handles(d)) {
            return Future.succeededFuture(Transaction.NONE);
        }
        List<FieldError> errors = ServiceValidation.beforeAllocation(svc, ips.range().family());
        if (!errors.isEmpty()) {
            return Future.failedFuture(ServiceErrors.invalid(svc, errors));
        }
        Allocations ops = new Allocations(ips, ports, ServiceRef.of(svc), dryRun);
        return guarded(ops, ClusterIpAssignment.onCreate(svc, ops)
                .compose(v -> NodePortAssignment.onCreate(svc, ops))
                .compose(v -> NodePortAssignment.healthCheckOnCreate(svc, ops))
                .compose(v -> ServiceErrors.check(svc, ServiceValidation.afterAllocation(svc))));
    }

    @Override
    public Future<Transaction> beginUpdate(ResourceDescriptor d, ObjectNode svc, ObjectNode old, boolean dryRun) {
        if (!handles(d)) {
            return Future.succeededFuture(Transaction.NONE);
        }
        ServiceUpdateRules.keepAllocatedValues(svc, old);
        List<FieldError> errors = new ArrayList<>(needsClusterIP(svc)
                ? ServiceValidation.beforeAllocation(svc, ips.range().family()) : List.of());
        errors.addAll(ServiceValidation.clusterIpsUnchanged(svc, old));
        if (!errors.isEmpty()) {
            return Future.failedFuture(ServiceErrors.invalid(svc, errors));
        }
        // the stored object names the Service: an update's body may leave metadata.namespace out
        Allocations ops = new Allocations(ips, ports, ServiceRef.of(old), dryRun);
        return guarded(ops, ClusterIpAssignment.onUpdate(svc, old, ops)
                .compose(v -> NodePortAssignment.onUpdate(svc, old, ops))
                .compose(v -> NodePortAssignment.healthCheckOnUpdate(svc, old, ops))
                .compose(v -> {
                    ServiceUpdateRules.dropTypeDependentFields(svc, old);
                    List<FieldError> after = new ArrayList<>(needsClusterIP(svc) ? List.of()
                            : ServiceValidation.beforeAllocation(svc, ips.range().family()));
                    after.addAll(ServiceValidation.afterAllocation(svc));
                    return ServiceErrors.check(svc, after);
                }));
    }

    @Override
    public Future<Void> afterDelete(ResourceDescriptor d, ObjectNode svc) {
        if (!handles(d)) {
            return Future.succeededFuture();
        }
        ServiceRef owner = ServiceRef.of(svc);
        List<Future<Void>> releases = new ArrayList<>();
        ServiceFields.allocatedIPs(svc).forEach(ip -> releases.add(ips.release(owner, ip)));
        ServiceFields.allNodePorts(svc).forEach(port -> releases.add(ports.release(owner, port)));
        return Future.join(releases).mapEmpty();
    }

    /** The transaction when every step succeeded; otherwise what was claimed is given back and the failure stands. */
    private static Future<Transaction> guarded(Allocations ops, Future<Void> steps) {
        return steps.transform(ar -> ar.succeeded() ? Future.succeededFuture(ops.transaction())
                : ops.revert().transform(x -> Future.failedFuture(ar.cause())));
    }
}
