package io.k3j.admission.cel;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;

import java.util.Map;

/**
 * The CEL environment of admission expressions (ValidatingAdmissionPolicy validations, matchConditions, variables,
 * messageExpressions): the variables upstream declares ({@code object}, {@code oldObject}, {@code request},
 * {@code params}, {@code namespaceObject}, {@code variables}) as dynamic values, the standard macros and the
 * strings/sets/lists/math extensions. Kubernetes' own CEL libraries (quantity, url, ip, authorizer) are not provided.
 * Built once; compiling and evaluating are thread-safe.
 */
public final class CelEnvironment {

    public static final CelEnvironment ADMISSION = new CelEnvironment();

    /** Upstream bounds comprehensions by a cost budget; a plain iteration cap keeps runaway expressions finite. */
    private static final int MAX_ITERATIONS = 100_000;

    private final Cel cel;

    private CelEnvironment() {
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(MAX_ITERATIONS)
                .build();
        this.cel = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("object", SimpleType.DYN)
                .addVar("oldObject", SimpleType.DYN)
                .addVar("request", SimpleType.DYN)
                .addVar("params", SimpleType.DYN)
                .addVar("namespaceObject", SimpleType.DYN)
                .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .addCompilerLibraries(CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.lists(),
                        CelExtensions.math(options))
                .addRuntimeLibraries(CelExtensions.strings(), CelExtensions.sets(options), CelExtensions.lists(),
                        CelExtensions.math(options))
                .build();
    }

    /** Parses and type-checks once; the result is evaluated per request. */
    public CompiledExpression compile(String expression) {
        try {
            CelAbstractSyntaxTree ast = cel.compile(expression).getAst();
            return CompiledExpression.ok(expression, cel.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            return CompiledExpression.failed(expression, e.getMessage());
        }
    }

    /** What an expression sees: each variable's value, absent ones as null. */
    public static Map<String, Object> activation(Object object, Object oldObject, Object request, Object params,
                                                 Object namespaceObject, Map<String, Object> variables) {
        return Map.of("object", object, "oldObject", oldObject, "request", request, "params", params,
                "namespaceObject", namespaceObject, "variables", variables);
    }
}
