package vn.thidua.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import vn.thidua.security.ThiduaSecurityConfiguration;

/**
 * The read side of Thi đua: projections of the event stream and the report API, an OAuth2 resource server (bearer
 * JWT; roles checked per endpoint, the unit of a {@code UNIT_REPORTER} per object).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ThiduaSecurityConfiguration.class)
public class QueryServiceApplication {

    public static void main(String[] args) {
        vn.thidua.security.ParentWatch.fromEnvironment(); // started by the local launcher: end with it
        application().run(args);
    }

    /** The application with its own configuration name, so it can share a JVM with the command-service. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(QueryServiceApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "query-service"));
        return app;
    }
}
