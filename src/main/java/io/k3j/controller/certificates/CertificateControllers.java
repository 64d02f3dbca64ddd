package io.k3j.controller.certificates;

import io.k3j.api.GroupVersionResource;
import io.k3j.config.ServerConfig;
import io.k3j.controller.Controller;

import java.time.Duration;
import java.util.List;

/** The certificate controllers of kube-controller-manager: csrsigning, csrapproving, csrcleaner. */
public final class CertificateControllers {

    static final GroupVersionResource CSRS = new GroupVersionResource("certificates.k8s.io", "v1",
            "certificatesigningrequests");
    static final GroupVersionResource SUBJECT_ACCESS_REVIEWS = new GroupVersionResource("authorization.k8s.io", "v1",
            "subjectaccessreviews");
    /** kube-controller-manager's --cluster-signing-duration default (8760h); K3s keeps it. */
    static final Duration DEFAULT_SIGNING_DURATION = Duration.ofHours(8760);

    private CertificateControllers() {
    }

    /** Fresh instances; the signing duration comes from {@code --kube-controller-manager-arg cluster-signing-duration}. */
    public static List<Controller> all(ServerConfig config) {
        Duration max = Duration.ofMillis(config.controllerManagerArgs().durationMillis("cluster-signing-duration",
                DEFAULT_SIGNING_DURATION.toMillis()));
        return List.of(new CsrSigningController(config.tlsDir(), max),
                new CsrApprovingController(), new CsrCleanerController(CsrCleanerController.POLLING_INTERVAL));
    }
}
