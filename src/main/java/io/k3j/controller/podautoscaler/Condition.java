package io.k3j.controller.podautoscaler;

/** An HPA status condition to set: AbleToScale, ScalingActive or ScalingLimited. */
public record Condition(String type, boolean status, String reason, String message) {

    public static final String ABLE_TO_SCALE = "AbleToScale";
    public static final String SCALING_ACTIVE = "ScalingActive";
    public static final String SCALING_LIMITED = "ScalingLimited";

    public String statusText() {
        return status ? "True" : "False";
    }
}
