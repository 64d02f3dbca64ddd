package io.k3j.admission.webhook;

/**
 * The webhook could not be asked or gave an unusable answer (upstream's ErrCallingWebhook): the reason text is the part
 * after {@code failed calling webhook "<name>": }. failurePolicy decides whether it fails the request.
 */
final class WebhookCallFailure extends RuntimeException {

    WebhookCallFailure(String reason) {
        super(reason, null, false, false);
    }
}
