package vn.thidua.command.config;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.thidua.command.support.CriterionPassRule;
import vn.thidua.command.support.CriterionPassRules;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Business rules that are configuration, not code: each carries a version the events record. */
@Configuration(proxyBeanMethods = false)
class RulesConfig {

    /**
     * Criterion 18.5 by assessed year: QĐ 619/QĐ-TTg (2017) for the years before {@code from-2021.first-year}, the rule
     * of QĐ 25/2021/QĐ-TTg from then on.
     */
    @Bean
    CriterionPassRules criterionPassRules(@Value("${thidua.criterion-18-5.rule-version}") String version,
                                          @Value("${thidua.criterion-18-5.minimum-total}") BigDecimal minimumTotal,
                                          @Value("${thidua.criterion-18-5.minimum-share-of-each}") BigDecimal minimumShare,
                                          @Value("${thidua.criterion-18-5.no-discipline-required}") boolean noDiscipline,
                                          @Value("${thidua.criterion-18-5.maxima}") String maxima,
                                          @Value("${thidua.criterion-18-5.from-2021.rule-version}") String version2021,
                                          @Value("${thidua.criterion-18-5.from-2021.first-year}") int firstYear2021,
                                          @Value("${thidua.criterion-18-5.from-2021.minimum-total}") BigDecimal minimumTotal2021,
                                          @Value("${thidua.criterion-18-5.from-2021.minimum-share-of-each}") BigDecimal minimumShare2021,
                                          @Value("${thidua.criterion-18-5.from-2021.no-discipline-required}") boolean noDiscipline2021,
                                          @Value("${thidua.criterion-18-5.from-2021.maxima}") String maxima2021) {
        return CriterionPassRules.of(
                new CriterionPassRule(version, null, firstYear2021 - 1, minimumTotal, minimumShare, noDiscipline, decimals(maxima)),
                new CriterionPassRule(version2021, firstYear2021, null, minimumTotal2021, minimumShare2021, noDiscipline2021,
                        decimals(maxima2021)));
    }

    private static List<BigDecimal> decimals(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::strip).map(BigDecimal::new).toList();
    }
}
