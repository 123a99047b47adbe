package vn.thidua.query.config;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The published API description: every operation takes a bearer JWT. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI queryApi() {
        return new OpenAPI()
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("claims: sub, roles [PROVINCE_ADMIN|UNIT_REPORTER|ANALYST|AUDITOR], unitId. "
                                + "Reports and exports: every role, a UNIT_REPORTER only its own unit's rows; "
                                + "the audit log: AUDITOR only.")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER))
                .info(new Info().title("Thi đua — report API")
                        .description("Read models of the emulation movements of the justice sector: the movement "
                                + "catalogue, the commune support board, the key-task board (JSON, CSV, XLSX) and the "
                                + "audit log. Errors are application/problem+json with a stable type.")
                        .version("v1"));
    }
}
