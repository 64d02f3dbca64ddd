package io.k3j.api.convert;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The built-in kinds kube-apiserver 1.33 serves at more than one version of one group, with their conversions.
 * Only autoscaling's HorizontalPodAutoscaler (v2, stored; v1) is such a kind today; {@code BuiltinConversionsTest}
 * fails when the catalog serves another resource at two versions without a conversion here.
 */
public final class BuiltinConversions {

    private static final List<KindConversion> ALL = List.of(new HpaConversion());
    /** By plural name first: looked up on every read and watch event, so without building a key string. */
    private static final Map<String, List<KindConversion>> BY_RESOURCE =
            ALL.stream().collect(Collectors.groupingBy(KindConversion::resource, Collectors.toUnmodifiableList()));
    private static final Map<String, KindConversion> BY_KIND =
            ALL.stream().collect(Collectors.toUnmodifiableMap(c -> c.group() + "/" + c.kind(), Function.identity()));

    private BuiltinConversions() {
    }

    public static List<KindConversion> all() {
        return ALL;
    }

    /** The conversion of a built-in resource, when it is served at several versions. */
    public static Optional<KindConversion> forResource(String group, String resource) {
        List<KindConversion> named = BY_RESOURCE.get(resource);
        if (named != null) {
            for (KindConversion c : named) {
                if (c.group().equals(group)) {
                    return Optional.of(c);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A copy of {@code obj} (a built-in object, any served version) in {@code apiVersion}; null when its kind has no
     * conversions or does not serve that version. Fits {@code io.k3j.api.patch.VersionConverter}.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode toVersion(
            com.fasterxml.jackson.databind.node.ObjectNode obj, String apiVersion) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        return forKind(group, obj.path("kind").asText("")).filter(c -> c.versions().contains(version))
                .map(c -> c.convert(obj, version)).orElse(null);
    }

    /** The conversion of a built-in kind, when it is served at several versions. */
    public static Optional<KindConversion> forKind(String group, String kind) {
        return Optional.ofNullable(BY_KIND.get(group + "/" + kind));
    }
}
