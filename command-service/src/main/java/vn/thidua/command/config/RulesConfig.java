package vn.thidua.command.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.command.support.CriterionPassRule;

import java.math.BigDecimal;

/** Business rules that are configuration, not code: each carries a version the events record. */
@Configuration(proxyBeanMethods = false)
class RulesConfig {

    @Bean
    CriterionPassRule criterionPassRule(@Value("${thidua.criterion-18-5.rule-version}") String version,
                                        @Value("${thidua.criterion-18-5.minimum-total}") BigDecimal minimumTotal,
                                        @Value("${thidua.criterion-18-5.minimum-share-of-each}") BigDecimal minimumShare,
                                        @Value("${thidua.criterion-18-5.no-discipline-required}") boolean noDiscipline) {
        return new CriterionPassRule(version, minimumTotal, minimumShare, noDiscipline);
    }
}
