package vn.thidua.security;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The errors of every operation in a service's API description (springdoc): each operation lists every status it can
 * answer with, as {@code application/problem+json} with the {@code Problem} schema and one example per
 * {@link ProblemKind}. Which kinds an operation can answer is decided from what it is ({@link Facts}: a body,
 * parameters with constraints, a role check, ids in its path …) by each kind's condition, so a new endpoint is
 * described without a line of its own. The examples are shared components, added only where an operation refers to
 * them.
 */
public final class ProblemResponses implements OperationCustomizer, OpenApiCustomizer {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String SCHEMA = "Problem";
    static final String FIELD_SCHEMA = "ProblemField";
    private static final String EXAMPLES = "#/components/examples/";

    private final List<ProblemKind> kinds;

    public ProblemResponses(List<ProblemKind> kinds) {
        Set<String> names = new TreeSet<>();
        kinds.forEach(k -> {
            if (!names.add(k.name())) {
                throw new IllegalArgumentException("Two problem kinds are named " + k.name());
            }
        });
        this.kinds = List.copyOf(kinds);
    }

    /**
     * What an operation is, as far as its possible errors go.
     *
     * @param method            the HTTP method
     * @param path              the path pattern, e.g. {@code /api/v1/task-results/{resultId}/corrections}
     * @param hasBody           it takes a request body (which can be unreadable, invalid, too large or not JSON)
     * @param validatesInput    a body, a required or constrained parameter, or one of a type other than text: a
     *                          request can break it (400)
     * @param requiresParameter a query or header parameter is required (a request can leave it out)
     * @param namesObject       its path names an object by id (which may not exist)
     * @param secured           it needs a bearer token
     * @param access            the expression of its role check ({@code @PreAuthorize}), or {@code null}
     */
    public record Facts(String method, String path, boolean hasBody, boolean validatesInput, boolean requiresParameter,
                        boolean namesObject, boolean secured, String access) {

        public boolean isPost() {
            return "POST".equals(method);
        }

        /** A role check guards it (and can refuse). */
        public boolean roleChecked() {
            return access != null && !access.replace(" ", "").equals("permitAll()");
        }

        /** Its role check lets this role in (e.g. {@code UNIT_REPORTER}: the operation then checks the unit too). */
        public boolean admits(String role) {
            return roleChecked() && access.contains("'" + role + "'");
        }

        /** The operation is {@code method} on a path under {@code prefix} (the path itself or below it). */
        public boolean under(String method, String prefix) {
            return this.method.equals(method) && path.startsWith(prefix);
        }

        static Facts of(Operation operation, HandlerMethod handler) {
            List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
            boolean body = operation.getRequestBody() != null;
            PreAuthorize check = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), PreAuthorize.class);
            if (check == null) {
                check = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), PreAuthorize.class);
            }
            return new Facts(method(handler), path(handler), body,
                    body || parameters.stream().anyMatch(Facts::canBeRefused),
                    parameters.stream().anyMatch(p -> Boolean.TRUE.equals(p.getRequired()) && !"path".equals(p.getIn())),
                    parameters.stream().anyMatch(p -> "path".equals(p.getIn())),
                    operation.getSecurity() == null || !operation.getSecurity().isEmpty(),
                    check == null ? null : check.value());
        }

        /** A parameter a request can get wrong: required (but not in the path, which is always there), or constrained. */
        private static boolean canBeRefused(Parameter p) {
            Schema<?> s = p.getSchema();
            boolean constrained = s != null && (!"string".equals(typeOf(s)) || s.getPattern() != null
                    || s.getMaxLength() != null || s.getMinLength() != null || s.getFormat() != null
                    || s.getEnum() != null || s.get$ref() != null);
            return constrained || (Boolean.TRUE.equals(p.getRequired()) && !"path".equals(p.getIn()));
        }

        /** The type of a schema, in an OpenAPI 3.0 ({@code type}) or 3.1 ({@code types}) document. */
        private static String typeOf(Schema<?> s) {
            if (s.getType() != null || s.getTypes() == null || s.getTypes().size() != 1) {
                return s.getType();
            }
            return s.getTypes().iterator().next();
        }

        private static String method(HandlerMethod handler) {
            RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
            return mapping == null || mapping.method().length == 0 ? "GET" : mapping.method()[0].name();
        }

        private static String path(HandlerMethod handler) {
            RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
            RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
            return first(type) + first(method);
        }

        private static String first(RequestMapping mapping) {
            return mapping == null || mapping.path().length == 0 ? "" : mapping.path()[0];
        }
    }

    /** Adds a response per status the operation can answer with (after the ones it declares itself). */
    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Facts facts = Facts.of(operation, handler);
        Map<Integer, List<ProblemKind>> byStatus = kinds.stream().filter(k -> k.appliesTo().test(facts))
                .collect(Collectors.groupingBy(ProblemKind::status, TreeMap::new, Collectors.toList()));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        byStatus.forEach((status, applicable) -> responses.addApiResponse(String.valueOf(status), response(applicable)));
        return operation.responses(responses);
    }

    /** Adds the problem schema, and the examples the operations refer to. */
    @Override
    public void customise(OpenAPI api) {
        api.getComponents().addSchemas(SCHEMA, problemSchema()).addSchemas(FIELD_SCHEMA, fieldSchema());
        Set<String> used = referencedExamples(api);
        kinds.stream().filter(k -> used.contains(k.name())).forEach(k -> api.getComponents().addExamples(k.name(),
                new Example().summary(k.summary()).value(k.example())));
    }

    private static ApiResponse response(List<ProblemKind> applicable) {
        Map<String, Example> examples = new LinkedHashMap<>();
        applicable.forEach(k -> examples.put(k.name(), new Example().$ref(EXAMPLES + k.name())));
        ApiResponse response = new ApiResponse()
                .description(applicable.size() == 1 ? applicable.get(0).summary()
                        : applicable.stream().map(k -> "- " + k.summary()).collect(Collectors.joining("\n")))
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                        .schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)).examples(examples)));
        Map<String, Header> headers = new TreeMap<>();
        applicable.forEach(k -> k.headers().forEach((name, description) -> headers.put(name, new Header().description(description)
                .schema(ProblemKind.RETRY_AFTER.equals(name) ? new IntegerSchema().minimum(BigDecimal.ZERO) : new StringSchema()))));
        return headers.isEmpty() ? response : response.headers(headers);
    }

    private static Set<String> referencedExamples(OpenAPI api) {
        Set<String> used = new TreeSet<>();
        if (api.getPaths() == null) {
            return used;
        }
        for (PathItem item : api.getPaths().values()) {
            for (Operation operation : item.readOperations()) {
                responsesOf(operation).stream().map(ApiResponse::getContent).filter(c -> c != null && c.get(PROBLEM_JSON) != null)
                        .map(c -> c.get(PROBLEM_JSON).getExamples()).filter(e -> e != null)
                        .flatMap(e -> e.values().stream()).map(Example::get$ref)
                        .filter(ref -> ref != null && ref.startsWith(EXAMPLES))
                        .forEach(ref -> used.add(ref.substring(EXAMPLES.length())));
            }
        }
        return used;
    }

    private static Collection<ApiResponse> responsesOf(Operation operation) {
        return operation.getResponses() == null ? List.of() : new ArrayList<>(operation.getResponses().values());
    }

    /** RFC 9457 problem details, with the members the services add. */
    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An error (RFC 9457 problem details), sent as application/problem+json")
                .addProperty("type", new StringSchema().format("uri")
                        .description("The kind of problem, stable: " + Problems.TYPE_BASE + "<kind>, or about:blank for a "
                                + "plain HTTP status"))
                .addProperty("title", new StringSchema().description("The kind of problem, for a person"))
                .addProperty("status", new IntegerSchema().minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599))
                        .description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("This occurrence, for a person"))
                .addProperty("instance", new StringSchema().format("uri-reference").description("The request path"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/" + FIELD_SCHEMA))
                        .description("For an invalid request: each offending field or parameter"))
                .addProperty("rule", new StringSchema()
                        .description("The named business rule that refused the request, stable (e.g. movement-closed)"))
                .required(List.of("type", "title", "status"));
    }

    private static Schema<?> fieldSchema() {
        return new ObjectSchema().description("A field or parameter of the request and what is wrong with it")
                .addProperty("field", new StringSchema().description("Its path in the body (values[0].code), or its name"))
                .addProperty("message", new StringSchema().description("The constraint it breaks"))
                .addProperty("line", new IntegerSchema().minimum(BigDecimal.ONE)
                        .description("For an imported file (field csv): the line refused, the header being line 1"))
                .addProperty("code", new StringSchema().description("For an imported file: the code on the line refused"))
                .required(List.of("field", "message"));
    }
}
