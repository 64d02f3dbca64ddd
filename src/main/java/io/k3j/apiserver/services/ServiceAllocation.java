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

    private final ClusterIpAllocators ips;
    private final NodePortAllocator ports;

    ServiceAllocation(ClusterIpAllocators ips, NodePortAllocator ports) {
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
        IpFamilyFields.normalizeClusterIPs(svc, null);
        List<FieldError> errors = beforeAllocation(svc, null);
        if (!errors.isEmpty()) {
            return Future.failedFuture(ServiceErrors.invalid(svc, errors));
        }
        Allocations ops = new Allocations(ips, ports, ServiceRef.of(svc), dryRun);
        return guarded(ops, ClusterIpAssignment.onCreate(svc, ops)
                .compose(v -> NodePortAssignment.onCreate(svc, ops))
                .compose(v -> NodePortAssignment.healthCheckOnCreate(svc, ops))
                .compose(v -> {
                    List<FieldError> after = new ArrayList<>(ServiceValidation.clusterIpsRelated(svc));
                    after.addAll(ServiceValidation.afterAllocation(svc));
                    return ServiceErrors.check(svc, after);
                }));
    }

    @Override
    public Future<Transaction> beginUpdate(ResourceDescriptor d, ObjectNode svc, ObjectNode old, boolean dryRun) {
        if (!handles(d)) {
            return Future.succeededFuture(Transaction.NONE);
        }
        ServiceUpdateRules.keepAllocatedValues(svc, old);
        IpFamilyFields.normalizeClusterIPs(svc, old);
        List<FieldError> errors = needsClusterIP(svc) ? beforeAllocation(svc, old) : List.of();
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
                    List<FieldError> after = new ArrayList<>(ServiceValidation.externalName(svc));
                    after.addAll(ServiceValidation.clusterIpsRelated(svc));
                    after.addAll(ServiceValidation.upgradeDowngrade(svc, old));
                    after.addAll(ServiceValidation.afterAllocation(svc));
                    return ServiceErrors.check(svc, after);
                }));
    }

    /** What must hold before anything is claimed: ExternalName fields, then the family fields, defaulted here. */
    private List<FieldError> beforeAllocation(ObjectNode svc, ObjectNode old) {
        List<FieldError> errors = ServiceValidation.externalName(svc);
        if (!errors.isEmpty()) {
            return errors;
        }
        errors = IpFamilyFields.init(svc, old, ips.families());
        return errors.isEmpty() ? ServiceValidation.headlessNodePort(svc) : errors;
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
