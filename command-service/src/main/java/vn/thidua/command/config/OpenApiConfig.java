package vn.thidua.command.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import vn.thidua.command.web.Caller;

/** The published API description: what every command endpoint accepts beyond its body. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI commandApi() {
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("claims: sub, roles [PROVINCE_ADMIN|UNIT_REPORTER|ANALYST|AUDITOR], unitId")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .info(new Info().title("Thi đua — command API")
                .description("Commands of the emulation movements of the justice sector: movements, key tasks, enrolments, "
                        + "commune support and task results. Errors are application/problem+json with a stable type.")
                .version("v1"));
    }

    /** Every POST takes an Idempotency-Key and a correlation id; who is calling comes from the bearer token. */
    @Bean
    OperationCustomizer submissionHeaders() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(PostMapping.class)) {
                operation.addParametersItem(new HeaderParameter().name(Caller.IDEMPOTENCY_HEADER).required(false)
                        .schema(new StringSchema().maxLength(200).example("5f0c1c1e-8d1a-4b7e-9d55-2b1c0a7f3e21"))
                        .description("Makes the submission safe to retry: a retry with the same key and body gets the first "
                                + "answer and records nothing; the same key with another body gets 422."));
                operation.addParametersItem(new HeaderParameter().name(Caller.CORRELATION_HEADER).required(false)
                        .schema(new StringSchema().maxLength(128).pattern(Caller.CORRELATION_PATTERN)
                                .example("0f8e2b9c-5d3a-4e61-9a7b-2c4d6e8f1a30"))
                        .description("Copied onto the events' metadata; 1 to 128 visible ASCII characters (else 400)"));
            }
            return operation;
        };
    }

    /** A 201 names what it created in Location (the errors of every operation: ApiErrorsConfig). */
    @Bean
    OperationCustomizer createdLocation() {
        return (operation, handler) -> {
            ApiResponse created = operation.getResponses() == null ? null : operation.getResponses().get("201");
            if (created != null) {
                created.addHeaderObject(HttpHeaders.LOCATION, new Header().description("The path of what was created")
                        .schema(new StringSchema().format("uri-reference")));
            }
            return operation;
        };
    }
}
