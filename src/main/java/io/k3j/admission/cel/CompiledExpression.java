package io.k3j.admission.cel;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

import java.util.Map;

/**
 * One expression, compiled once per policy or configuration version: a program, or the compile error upstream
 * reports ({@code compilation failed: ...}) every time the expression would run.
 */
public final class CompiledExpression {

    private final String expression;
    private final CelRuntime.Program program;
    private final String compileError;

    private CompiledExpression(String expression, CelRuntime.Program program, String compileError) {
        this.expression = expression;
        this.program = program;
        this.compileError = compileError;
    }

    static CompiledExpression ok(String expression, CelRuntime.Program program) {
        return new CompiledExpression(expression, program, null);
    }

    static CompiledExpression failed(String expression, String error) {
        return new CompiledExpression(expression, null, error);
    }

    public String expression() {
        return expression;
    }

    public boolean compiled() {
        return program != null;
    }

    public String compileError() {
        return compileError;
    }

    /**
     * @throws EvaluationError for a compile error or a runtime error (no such key, bad types, ...)
     */
    public Object evaluate(Map<String, Object> activation) throws EvaluationError {
        if (program == null) {
            throw new EvaluationError("compilation failed: " + compileError);
        }
        try {
            return program.eval(activation);
        } catch (CelEvaluationException e) {
            throw new EvaluationError(e.getMessage());
        }
    }

    /** A boolean expression's value; a non-boolean result is an error, as upstream's "expected boolean" check. */
    public boolean test(Map<String, Object> activation) throws EvaluationError {
        Object v = evaluate(activation);
        if (v instanceof Boolean b) {
            return b;
        }
        throw new EvaluationError("expression '" + expression + "' resulted in non-boolean value");
    }

    /** Why an expression produced no usable value. */
    public static final class EvaluationError extends Exception {
        public EvaluationError(String message) {
            super(message, null, false, false);
        }
    }
}
