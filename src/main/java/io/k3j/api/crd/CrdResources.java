package io.k3j.api.crd;

import io.k3j.api.ResourceBuilder;
import io.k3j.api.ResourceDescriptor;
import io.k3j.api.schema.StructuralSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * The resources an established CRD makes the server serve: one descriptor per served version, under the
 * accepted names, with the verbs and subresources kube-apiserver lists for custom resources.
 */
public final class CrdResources {

    /** The verbs (and their order) of custom resources in upstream discovery. */
    static final List<String> VERBS = List.of("delete", "deletecollection", "get", "list", "patch", "create", "update",
            "watch");

    private CrdResources() {
    }

    /**
     * Nothing until the CRD's names are accepted (or it is established, names accepted once stay served even if a
     * later rename conflicts), as upstream's handler; a terminating CRD keeps serving reads and deletes.
     */
    public static List<ResourceDescriptor> of(Crd crd) {
        List<ResourceDescriptor> out = new ArrayList<>();
        CrdNames names = crd.acceptedNames();
        boolean accepted = crd.established() || crd.condition("NamesAccepted");
        if (!accepted || names.plural().isEmpty() || names.kind().isEmpty()) {
            return out;
        }
        String storage = crd.storageVersion().map(CrdVersion::name).orElse("");
        for (CrdVersion v : crd.versions()) {
            if (!v.served()) {
                continue;
            }
            CustomResource custom = new CustomResource(crd.name(), storage, StructuralSchema.parse(v.schema()), v.schema(),
                    v.printerColumns(), v.statusSubresource(), v.scale(), crd.deleting(), deprecationWarning(crd, v));
            ResourceBuilder b = ResourceBuilder.resource(crd.group(), v.name(), names.plural(), names.kind(), null)
                    .singular(names.singular().isEmpty() ? names.kind().toLowerCase(java.util.Locale.ROOT) : names.singular())
                    .verbs(VERBS.toArray(String[]::new))
                    .shortNames(names.shortNames().toArray(String[]::new))
                    .categories(names.categories().toArray(String[]::new))
                    .listKind(names.listKind().isEmpty() ? names.kind() + "List" : names.listKind())
                    .custom(custom);
            if (!crd.namespaced()) {
                b.cluster();
            }
            if (v.statusSubresource()) {
                b.status();
            }
            if (v.scale() != null) {
                b.scale();
            }
            out.add(b.build());
        }
        return out;
    }

    /** The version's own deprecationWarning, or upstream's default text pointing at the newest better version. */
    static String deprecationWarning(Crd crd, CrdVersion v) {
        if (!v.deprecated()) {
            return null;
        }
        if (v.deprecationWarning() != null) {
            return v.deprecationWarning();
        }
        String kind = crd.names().kind();
        String msg = crd.group() + "/" + v.name() + " " + kind + " is deprecated";
        return crd.versions().stream()
                .filter(o -> o.served() && !o.deprecated() && KubeVersions.compare(v.name(), o.name()) > 0)
                .map(CrdVersion::name).min(KubeVersions.PRIORITY)
                .map(best -> msg + "; use " + crd.group() + "/" + best + " " + kind).orElse(msg);
    }
}
