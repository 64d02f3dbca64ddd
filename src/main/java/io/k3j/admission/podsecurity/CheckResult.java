package io.k3j.admission.podsecurity;

/**
 * One check's verdict on a pod: allowed, or a short reason ({@code host namespaces}) with an optional detail
 * ({@code hostNetwork=true}) naming what was wrong.
 */
public record CheckResult(boolean allowed, String reason, String detail) {

    public static final CheckResult ALLOWED = new CheckResult(true, "", "");

    public static CheckResult forbidden(String reason, String detail) {
        return new CheckResult(false, reason, detail);
    }
}
