package io.k3j.api.selector;

import io.k3j.api.selector.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Lexer and recursive-descent parser for the label selector string grammar. It follows upstream's token
 * rules closely (including which literal each error message quotes) because clients see those messages.
 */
final class LabelSelectorParser {

    private enum Tok {
        END, CLOSE_PAR, COMMA, NOT, DOUBLE_EQUALS, EQUALS, GT, ID, IN, LT, NOT_EQUALS, NOT_IN, OPEN_PAR
    }

    private record Item(Tok tok, String literal) {
    }

    private static final Map<String, Tok> LITERALS = Map.ofEntries(
            Map.entry(")", Tok.CLOSE_PAR), Map.entry(",", Tok.COMMA), Map.entry("!", Tok.NOT),
            Map.entry("==", Tok.DOUBLE_EQUALS), Map.entry("=", Tok.EQUALS), Map.entry(">", Tok.GT),
            Map.entry("in", Tok.IN), Map.entry("<", Tok.LT), Map.entry("!=", Tok.NOT_EQUALS),
            Map.entry("notin", Tok.NOT_IN), Map.entry("(", Tok.OPEN_PAR));

    private final List<Item> items = new ArrayList<>();
    private int position;

    private LabelSelectorParser(String input) {
        scan(input);
    }

    static List<LabelRequirement> parse(String input) {
        return new LabelSelectorParser(input).parseSelector();
    }

    // ---- lexer ----

    private void scan(String s) {
        int pos = 0;
        while (true) {
            while (pos < s.length() && isWhitespace(s.charAt(pos))) {
                pos++;
            }
            if (pos >= s.length()) {
                items.add(new Item(Tok.END, ""));
                return;
            }
            int start = pos;
            if (isSpecial(s.charAt(pos))) {
                // longest run of special characters that still forms a known operator ("!=", "==")
                Item last = null;
                int end = pos;
                while (end < s.length() && isSpecial(s.charAt(end))) {
                    Tok t = LITERALS.get(s.substring(start, end + 1));
                    if (t != null) {
                        last = new Item(t, s.substring(start, end + 1));
                    } else if (last != null) {
                        break;
                    }
                    end++;
                }
                items.add(last);
                pos = start + last.literal().length();
            } else {
                while (pos < s.length() && !isSpecial(s.charAt(pos)) && !isWhitespace(s.charAt(pos))) {
                    pos++;
                }
                String word = s.substring(start, pos);
                Tok t = LITERALS.get(word);
                items.add(new Item(t != null ? t : Tok.ID, word));
            }
        }
    }

    private static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static boolean isSpecial(char c) {
        return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    // ---- parser ----

    /** In value position "in" and "notin" are ordinary identifiers ("x in (in)"). */
    private Item lookahead(boolean values) {
        Item it = items.get(position);
        return values && (it.tok() == Tok.IN || it.tok() == Tok.NOT_IN) ? new Item(Tok.ID, it.literal()) : it;
    }

    private Item consume(boolean values) {
        Item it = lookahead(values);
        position++;
        return it;
    }

    private List<LabelRequirement> parseSelector() {
        List<LabelRequirement> reqs = new ArrayList<>();
        while (true) {
            Item it = lookahead(true);
            switch (it.tok()) {
                case ID, NOT -> {
                    try {
                        reqs.add(parseRequirement());
                    } catch (SelectorException e) {
                        throw new SelectorException("unable to parse requirement: " + e.getMessage());
                    }
                    Item next = consume(true);
                    switch (next.tok()) {
                        case END -> {
                            return reqs;
                        }
                        case COMMA -> {
                            Item after = lookahead(true);
                            if (after.tok() != Tok.ID && after.tok() != Tok.NOT) {
                                throw new SelectorException("found '" + after.literal() + "', expected: identifier after ','");
                            }
                        }
                        default -> throw new SelectorException(
                                "found '" + next.literal() + "', expected: ',' or 'end of string'");
                    }
                }
                case END -> {
                    return reqs;
                }
                default -> throw new SelectorException(
                        "found '" + it.literal() + "', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private LabelRequirement parseRequirement() {
        Operator op = null;
        Item it = consume(true);
        if (it.tok() == Tok.NOT) {
            op = Operator.DOES_NOT_EXIST;
            it = consume(true);
        }
        if (it.tok() != Tok.ID) {
            throw new SelectorException("found '" + it.literal() + "', expected: identifier");
        }
        String key = it.literal();
        List<String> keyErrs = LabelValidation.qualifiedNameErrors(key);
        if (!keyErrs.isEmpty()) {
            // upstream validates with a nil field path here, which prints as "<nil>"
            throw new SelectorException(LabelValidation.invalid("<nil>", key, keyErrs));
        }
        Tok next = lookahead(true).tok();
        if (op == null && (next == Tok.END || next == Tok.COMMA)) {
            op = Operator.EXISTS;
        }
        if (op != null) {
            return LabelRequirement.create(key, op, List.of(), "");
        }
        op = parseOperator();
        List<String> values = switch (op) {
            case IN, NOT_IN -> parseValues();
            default -> parseExactValue();
        };
        return LabelRequirement.create(key, op, values, "");
    }

    private Operator parseOperator() {
        Item it = consume(false);
        return switch (it.tok()) {
            case IN -> Operator.IN;
            case EQUALS -> Operator.EQUALS;
            case DOUBLE_EQUALS -> Operator.DOUBLE_EQUALS;
            case GT -> Operator.GREATER_THAN;
            case LT -> Operator.LESS_THAN;
            case NOT_IN -> Operator.NOT_IN;
            case NOT_EQUALS -> Operator.NOT_EQUALS;
            default -> throw new SelectorException(
                    "found '" + it.literal() + "', expected: in, notin, =, ==, !=, gt, lt");
        };
    }

    private List<String> parseValues() {
        Item it = consume(true);
        if (it.tok() != Tok.OPEN_PAR) {
            // upstream's text has no comma before "expected" here
            throw new SelectorException("found '" + it.literal() + "' expected: '('");
        }
        Item first = lookahead(true);
        switch (first.tok()) {
            case ID, COMMA -> {
                TreeSet<String> set = parseIdentifiersList();
                if (consume(true).tok() != Tok.CLOSE_PAR) {
                    throw new SelectorException("found '" + first.literal() + "', expected: ')'");
                }
                return List.copyOf(set);
            }
            case CLOSE_PAR -> {
                consume(true);
                return List.of("");
            }
            default -> throw new SelectorException(
                    "found '" + first.literal() + "', expected: ',', ')' or identifier");
        }
    }

    /** Comma-separated, possibly empty identifiers: "(a,,b)" and "(,)" contain the empty value. */
    private TreeSet<String> parseIdentifiersList() {
        TreeSet<String> set = new TreeSet<>();
        while (true) {
            Item it = consume(true);
            switch (it.tok()) {
                case ID -> {
                    set.add(it.literal());
                    Item next = lookahead(true);
                    if (next.tok() == Tok.CLOSE_PAR) {
                        return set;
                    }
                    if (next.tok() != Tok.COMMA) {
                        throw new SelectorException("found '" + next.literal() + "', expected: ',' or ')'");
                    }
                }
                case COMMA -> {
                    if (set.isEmpty()) {
                        set.add("");
                    }
                    Tok next = lookahead(true).tok();
                    if (next == Tok.CLOSE_PAR) {
                        set.add("");
                        return set;
                    }
                    if (next == Tok.COMMA) {
                        consume(true);
                        set.add("");
                    }
                }
                default -> throw new SelectorException("found '" + it.literal() + "', expected: ',', or identifier");
            }
        }
    }

    private List<String> parseExactValue() {
        Tok next = lookahead(true).tok();
        if (next == Tok.END || next == Tok.COMMA) {
            return List.of("");
        }
        Item it = consume(true);
        if (it.tok() == Tok.ID) {
            return List.of(it.literal());
        }
        throw new SelectorException("found '" + it.literal() + "', expected: identifier");
    }
}
