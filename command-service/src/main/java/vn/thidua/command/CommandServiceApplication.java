package vn.thidua.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import vn.thidua.security.ThiduaSecurityConfiguration;

/** The write side of Thi đua: commands in, events to the MongoDB event store and on to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(ThiduaSecurityConfiguration.class)
public class CommandServiceApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        vn.thidua.security.ParentWatch.fromEnvironment(); // started by the local launcher: end with it
        application().run(args);
    }

    /** The application with its own configuration name, so it can share a JVM with the query-service. */
    public static SpringApplication application() {
        SpringApplication app = new SpringApplication(CommandServiceApplication.class);
        app.setDefaultProperties(java.util.Map.of("spring.config.name", "command-service"));
        return app;
    }
}
