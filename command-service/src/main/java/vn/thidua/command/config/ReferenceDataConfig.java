package vn.thidua.command.config;

import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.reference.ReferenceData;

import java.nio.file.Path;

/** The districts, communes and units commands may name; the shipped Bắc Giang lists unless files are configured. */
@Configuration(proxyBeanMethods = false)
class ReferenceDataConfig {

    @Bean
    ReferenceData referenceData(@Value("${thidua.reference.admin-units:}") String adminUnits,
                                @Value("${thidua.reference.units:}") String units) {
        ReferenceData data = ReferenceData.fromFiles(adminUnits.isBlank() ? null : Path.of(adminUnits),
                units.isBlank() ? null : Path.of(units));
        LoggerFactory.getLogger(ReferenceDataConfig.class).info("Reference data {}: {} districts, {} communes, {} units",
                data.version(), data.districts().size(), data.communes().size(), data.units().size());
        return data;
    }
}
