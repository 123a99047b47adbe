package vn.thidua.query;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The read side of Thi đua: projections of the event stream and the report API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryServiceApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application with its own configuration name, so it can share a JVM with the command-service. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(QueryServiceApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "query-service"));
        return app;
    }
}
