package io.k3j.scheduler.framework;

import java.util.List;

/** A plugin's result: a code, the reasons (each counted separately in the FailedScheduling summary), the plugin. */
public record Status(Code code, List<String> reasons, String plugin) {

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of(), null);
    public static final Status SKIP = new Status(Code.SKIP, List.of(), null);

    public Status {
        reasons = List.copyOf(reasons);
    }

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons), null);
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, List.of(reasons), null);
    }

    public static Status error(String message) {
        return new Status(Code.ERROR, List.of(message), null);
    }

    public Status withPlugin(String name) {
        return new Status(code, reasons, name);
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }

    public boolean isSkip() {
        return code == Code.SKIP;
    }

    /** Unschedulable or UnschedulableAndUnresolvable (upstream's IsRejected). */
    public boolean isRejected() {
        return code == Code.UNSCHEDULABLE || code == Code.UNSCHEDULABLE_AND_UNRESOLVABLE;
    }

    /** Reasons joined by ", ", as upstream's Status.Message(). */
    public String message() {
        return String.join(", ", reasons);
    }
}
