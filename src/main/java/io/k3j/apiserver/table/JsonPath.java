package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The JSONPath subset CRD printer columns use in practice: {@code .a.b}, {@code .a[0]}, {@code .a[-1]},
 * {@code .a[*].b}, {@code .a.*}, {@code .a['x.y']}, {@code .a.x\.y} and filters {@code [?(@.type=="Ready")]}
 * with {@code == != < <= > >=} or bare existence {@code [?(@.x)]}. An optional surrounding {@code {}} is accepted.
 * Missing keys yield no result rather than an error, as CRD columns evaluate with AllowMissingKeys.
 */
public final class JsonPath {

    private sealed interface Step permits Key, Index, Wildcard, Filter {
    }

    private record Key(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private record Filter(List<Step> path, String op, JsonNode operand) implements Step {
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
        Parser p = new Parser(e);
        List<Step> steps = p.path(false);
        if (!p.atEnd()) {
            throw new IllegalArgumentException("unsupported JSONPath " + expression + " at offset " + p.pos);
        }
        return new JsonPath(expression, steps);
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

    /** A small recursive-descent parser over the expression text. */
    private static final class Parser {
        private static final Map<Character, String> QUOTES = Map.of('\'', "'", '"', "\"");
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        /** Steps until the end, or (inside a filter) until an operator or ')'. */
        List<Step> path(boolean inFilter) {
            List<Step> steps = new ArrayList<>();
            while (!atEnd()) {
                char c = s.charAt(pos);
                if (c == '.') {
                    pos++;
                    if (!atEnd() && s.charAt(pos) == '*') {
                        pos++;
                        steps.add(new Wildcard());
                    } else if (!atEnd() && s.charAt(pos) != '.' && s.charAt(pos) != '[') {
                        steps.add(new Key(identifier()));
                    } else if (!atEnd() && s.charAt(pos) == '.') {
                        throw new IllegalArgumentException("recursive descent (..) is not supported");
                    }
                } else if (c == '[') {
                    steps.add(bracket());
                } else if (inFilter) {
                    break;
                } else {
                    throw new IllegalArgumentException("unexpected '" + c + "' at offset " + pos);
                }
            }
            return steps;
        }

        private String identifier() {
            StringBuilder b = new StringBuilder();
            while (!atEnd()) {
                char c = s.charAt(pos);
                if (c == '\\' && pos + 1 < s.length()) {
                    b.append(s.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (c == '.' || c == '[' || c == ' ' || c == ')' || "=!<>".indexOf(c) >= 0) {
                    break;
                }
                b.append(c);
                pos++;
            }
            return b.toString();
        }

        private Step bracket() {
            pos++; // '['
            skipSpaces();
            char c = s.charAt(pos);
            Step step;
            if (c == '*') {
                pos++;
                step = new Wildcard();
            } else if (QUOTES.containsKey(c)) {
                step = new Key(quoted());
            } else if (c == '?') {
                step = filter();
            } else {
                int start = pos;
                while (!atEnd() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '-')) {
                    pos++;
                }
                if (start == pos) {
                    throw new IllegalArgumentException("unsupported bracket at offset " + start);
                }
                step = new Index(Integer.parseInt(s.substring(start, pos)));
            }
            skipSpaces();
            expect(']');
            return step;
        }

        private Filter filter() {
            pos++; // '?'
            expect('(');
            skipSpaces();
            expect('@');
            List<Step> path = path(true);
            skipSpaces();
            String op = null;
            JsonNode operand = null;
            for (String candidate : List.of("==", "!=", "<=", ">=", "<", ">")) {
                if (s.startsWith(candidate, pos)) {
                    op = candidate;
                    pos += candidate.length();
                    skipSpaces();
                    operand = literal();
                    skipSpaces();
                    break;
                }
            }
            expect(')');
            return new Filter(path, op, operand);
        }

        private JsonNode literal() {
            var json = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
            char c = s.charAt(pos);
            if (QUOTES.containsKey(c)) {
                return json.textNode(quoted());
            }
            int start = pos;
            while (!atEnd() && s.charAt(pos) != ')' && s.charAt(pos) != ' ') {
                pos++;
            }
            String token = s.substring(start, pos);
            return switch (token) {
                case "true", "false" -> json.booleanNode(Boolean.parseBoolean(token));
                case "null" -> json.nullNode();
                default -> {
                    try {
                        yield token.contains(".") ? json.numberNode(Double.parseDouble(token))
                                : json.numberNode(Long.parseLong(token));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("unsupported literal " + token);
                    }
                }
            };
        }

        private String quoted() {
            char quote = s.charAt(pos++);
            StringBuilder b = new StringBuilder();
            while (!atEnd() && s.charAt(pos) != quote) {
                if (s.charAt(pos) == '\\' && pos + 1 < s.length()) {
                    pos++;
                }
                b.append(s.charAt(pos++));
            }
            expect(quote);
            return b.toString();
        }

        private void skipSpaces() {
            while (!atEnd() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private void expect(char c) {
            if (atEnd() || s.charAt(pos) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at offset " + pos + " in " + s);
            }
            pos++;
        }
    }
}
