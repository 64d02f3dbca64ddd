package io.k3j.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.k3j.apiserver.table.JsonPath.Filter;
import io.k3j.apiserver.table.JsonPath.Index;
import io.k3j.apiserver.table.JsonPath.Key;
import io.k3j.apiserver.table.JsonPath.Step;
import io.k3j.apiserver.table.JsonPath.Wildcard;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small recursive-descent parser for the {@link JsonPath} subset. */
final class JsonPathParser {

    private static final Map<Character, String> QUOTES = Map.of('\'', "'", '"', "\"");
    private final String s;
    private int pos;

    private JsonPathParser(String s) {
        this.s = s;
    }

    private boolean atEnd() {
        return pos >= s.length();
    }

    /** Steps until the end, or (inside a filter) until an operator or ')'. */
    private List<Step> path(boolean inFilter) {
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
        var json = JsonNodeFactory.instance;
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

    static List<Step> parse(String text, String expression) {
        JsonPathParser p = new JsonPathParser(text);
        List<Step> steps = p.path(false);
        if (!p.atEnd()) {
            throw new IllegalArgumentException("unsupported JSONPath " + expression + " at offset " + p.pos);
        }
        return steps;
    }
}
