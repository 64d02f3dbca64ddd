package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSONPath subset CRD printer columns use in practice: {@code .a.b}, {@code .a[0]}, {@code .a[-1]},
 * {@code .a[*].b}, {@code .a.*}, {@code .a['x.y']}, {@code .a.x\.y} and filters {@code [?(@.type=="Ready")]}
 * with {@code == != < <= > >=} or bare existence {@code [?(@.x)]}. An optional surrounding {@code {}} is accepted.
 * Missing keys yield no result rather than an error, as CRD columns evaluate with AllowMissingKeys.
 */
public final class JsonPath {

    sealed interface Step permits Key, Index, Wildcard, Filter {
    }

    record Key(String name) implements Step {
    }

    record Index(int index) implements Step {
    }

    record Wildcard() implements Step {
    }

    record Filter(List<Step> path, String op, JsonNode operand) implements Step {
    }

    private final String expression;
    private final List<Step> steps;

    private JsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = steps;
    }

    /** @throws IllegalArgumentException when the expression is outside the supported subset */
    public static JsonPath parse(String expression) {
        String e = expression.strip();
        if (e.startsWith("{") && e.endsWith("}")) {
            e = e.substring(1, e.length() - 1).strip();
        }
        return new JsonPath(expression, JsonPathParser.parse(e, expression));
    }

    /** All values the path selects, in document order. */
    public List<JsonNode> evaluate(JsonNode root) {
        return walk(List.of(root), steps);
    }

    /** The first value selected, or null. */
    public JsonNode first(JsonNode root) {
        List<JsonNode> r = evaluate(root);
        return r.isEmpty() ? null : r.getFirst();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static List<JsonNode> walk(List<JsonNode> nodes, List<Step> steps) {
        List<JsonNode> current = nodes;
        for (Step step : steps) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : current) {
                apply(step, n, next);
            }
            current = next;
        }
        return current;
    }

    private static void apply(Step step, JsonNode n, List<JsonNode> out) {
        switch (step) {
            case Key k -> {
                if (n.isObject() && n.has(k.name())) {
                    out.add(n.get(k.name()));
                }
            }
            case Index i -> {
                if (n.isArray()) {
                    int idx = i.index() < 0 ? n.size() + i.index() : i.index();
                    if (idx >= 0 && idx < n.size()) {
                        out.add(n.get(idx));
                    }
                }
            }
            case Wildcard w -> {
                if (n.isArray() || n.isObject()) {
                    n.forEach(out::add);
                }
            }
            case Filter f -> {
                if (n.isArray()) {
                    for (JsonNode e : n) {
                        if (matches(f, e)) {
                            out.add(e);
                        }
                    }
                }
            }
        }
    }

    private static boolean matches(Filter f, JsonNode element) {
        List<JsonNode> left = walk(List.of(element), f.path());
        if (f.op() == null) {
            return !left.isEmpty();
        }
        for (JsonNode l : left) {
            if (compare(l, f.op(), f.operand())) {
                return true;
            }
        }
        return false;
    }

    private static boolean compare(JsonNode l, String op, JsonNode r) {
        if (l.isNumber() && r.isNumber()) {
            int c = Double.compare(l.asDouble(), r.asDouble());
            return switch (op) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
        }
        boolean equal = l.isValueNode() && r.isValueNode() && l.getNodeType() == r.getNodeType()
                && Objects.equals(l.asText(), r.asText());
        return switch (op) {
            case "==" -> equal;
            case "!=" -> !equal;
            default -> false;
        };
    }
}
