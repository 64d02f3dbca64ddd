package io.k3j.api.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One term of a label selector. Values are kept in the order given (the parser hands them over sorted, as
 * upstream does); {@link #toString()} always prints them sorted so the canonical form is stable.
 */
public record LabelRequirement(String key, Operator operator, List<String> values) {

    /** The selection operators, with the spelling each one has in the canonical string form. */
    public enum Operator {
        EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "),
        EXISTS(""), DOES_NOT_EXIST(""), GREATER_THAN(">"), LESS_THAN("<");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }
    }

    public LabelRequirement {
        values = List.copyOf(values);
    }

    /**
     * Validates as upstream's NewRequirement does; {@code path} prefixes field paths in messages
     * (empty for the string grammar, where upstream's path is nil).
     */
    static LabelRequirement create(String key, Operator op, List<String> values, String path) {
        List<String> errs = new ArrayList<>();
        List<String> keyErrs = LabelValidation.qualifiedNameErrors(key);
        if (!keyErrs.isEmpty()) {
            errs.add(LabelValidation.invalid(child(path, "key"), key, keyErrs));
        }
        String valuePath = child(path, "values");
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errs.add(valuePath + ": Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errs.add(valuePath + ": Invalid value: " + goList(values)
                            + ": exact-match compatibility requires one single value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errs.add(valuePath + ": Invalid value: " + goList(values)
                            + ": values set must be empty for exists and does not exist");
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errs.add(valuePath + ": Invalid value: " + goList(values)
                            + ": for 'Gt', 'Lt' operators, exactly one value is required");
                }
                for (int i = 0; i < values.size(); i++) {
                    if (parseLong(values.get(i)) == null) {
                        errs.add(valuePath + "[" + i + "]: Invalid value: " + GoText.quote(values.get(i))
                                + ": for 'Gt', 'Lt' operators, the value must be an integer");
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueErrs = LabelValidation.labelValueErrors(values.get(i));
            if (!valueErrs.isEmpty()) {
                errs.add(LabelValidation.invalid(valuePath + "[" + i + "][" + key + "]", values.get(i), valueErrs));
            }
        }
        if (!errs.isEmpty()) {
            throw new SelectorException(GoText.aggregate(errs));
        }
        return new LabelRequirement(key, op, values);
    }

    public boolean matches(Map<String, String> labels) {
        boolean has = labels.containsKey(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(labels.get(key));
            // absent keys satisfy negative terms: "!=" and "notin" select objects without the label
            case NOT_IN, NOT_EQUALS -> !has || !values.contains(labels.get(key));
            case EXISTS -> has;
            case DOES_NOT_EXIST -> !has;
            case GREATER_THAN, LESS_THAN -> {
                Long actual = has ? parseLong(labels.get(key)) : null;
                Long bound = values.size() == 1 ? parseLong(values.get(0)) : null;
                yield actual != null && bound != null
                        && (operator == Operator.GREATER_THAN ? actual > bound : actual < bound);
            }
        };
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        if (operator == Operator.DOES_NOT_EXIST) {
            b.append('!');
        }
        b.append(key);
        if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) {
            return b.toString();
        }
        b.append(operator.symbol);
        boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
        if (set) {
            b.append('(');
        }
        b.append(String.join(",", values.stream().sorted().toList()));
        if (set) {
            b.append(')');
        }
        return b.toString();
    }

    private static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A Go []string rendered the way field errors print non-scalar bad values (JSON). */
    private static String goList(List<String> values) {
        return values.stream().map(GoText::quote).collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
