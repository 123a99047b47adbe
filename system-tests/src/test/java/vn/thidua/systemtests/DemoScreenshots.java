package vn.thidua.systemtests;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import vn.thidua.systemtests.support.Browser;
import vn.thidua.systemtests.support.Log;

import java.nio.file.Path;

/**
 * The screenshots of docs/screenshots, taken of a running stack loaded with the demo season: {@code ./run.sh}, then
 * {@code ./demo.sh --season all}, then
 * {@code ./mvnw -pl system-tests -am package -Dtest=DemoScreenshots -Dsurefire.failIfNoSpecifiedTests=false
 * -Dthidua.demo-url=http://localhost:8082/app/ -Dthidua.screenshots=$PWD/docs/screenshots}. Runs only when asked.
 */
@EnabledIfSystemProperty(named = "thidua.demo-url", matches = "http.+")
class DemoScreenshots {

    @Test
    void the_pages_of_the_2018_and_2026_seasons() {
        String app = System.getProperty("thidua.demo-url");
        Path shots = Path.of(System.getProperty("thidua.screenshots", "target/screenshots")).toAbsolutePath();
        Path work = Path.of(System.getProperty("thidua.work-dir", "target/system-tests")).resolve("DemoScreenshots");
        try (Browser b = Browser.start("demo", work, shots)) {
            Dimension wide = new Dimension(1440, 1000);
            b.signIn(app, "ANALYST", null);
            b.driver().manage().window().setSize(wide);
            b.go(app, "/nhiem-vu?movementId=TDTN-2018&period=2018-Q2");
            b.visible(By.cssSelector("#key-task-board tbody tr"));
            b.screenshotOfWindow("bang-nhiem-vu");
            b.script("document.getElementById('chart-title').scrollIntoView()");
            b.screenshotOfWindow("bang-nhiem-vu-bieu-do");
            b.go(app, "/xa?movementId=NTM-2016-2020");
            b.visible(By.cssSelector("#support-board tbody tr"));
            b.await(d -> !d.findElements(By.id("pass-rate-chart")).isEmpty());
            b.script("document.getElementById('province-title').scrollIntoView()");
            b.screenshotOfWindow("bang-giup-do-xa");
            b.go(app, "/phong-trao");
            b.visible(By.cssSelector(".movement"));
            b.screenshotOfWindow("danh-muc-phong-trao");

            b.signIn(app, "ANALYST", null, "BTP");
            b.driver().manage().window().setSize(wide);
            b.go(app, "/toan-quoc?movementId=BTP-TDTN-2026&period=2026-Q1");
            b.visible(By.cssSelector("#national-roll-up tbody tr[data-province]"));
            b.visible(By.cssSelector("#national-roll-up tbody tr[data-province] th button")).click();
            b.screenshotOfWindow("tong-hop-toan-quoc");

            b.signIn(app, "UNIT_REPORTER", "PTP-213");
            b.driver().manage().window().setSize(wide);
            b.go(app, "/bao-cao?movementId=TDTN-2018&period=2018-Q4");
            b.visible(By.id("task-1"));
            b.screenshotOfWindow("bao-cao-don-vi");
            b.driver().manage().window().setSize(Browser.PHONE);
            b.go(app, "/nhiem-vu?movementId=TDTN-2018&period=2018-Q4");
            b.go(app, "/bao-cao?movementId=TDTN-2018&period=2018-Q4");
            b.visible(By.id("task-1"));
            b.script("document.getElementById('task-1').scrollIntoView()");
            b.screenshotOfWindow("dien-thoai-bao-cao");

            b.signIn(app, "PROVINCE_ADMIN", null);
            b.driver().manage().window().setSize(wide);
            b.go(app, "/duyet?movementId=TDTN-2018&period=2018-Q4");
            b.visible(By.cssSelector(".pending-result"));
            b.screenshotOfWindow("duyet-ket-qua");

            b.signIn(app, "AUDITOR", null);
            b.driver().manage().window().setSize(wide);
            b.go(app, "/nhat-ky");
            b.await(d -> !d.findElements(By.id("integrity-verdict")).isEmpty());
            b.visible(By.cssSelector("#audit-events tbody tr"));
            b.screenshotOfWindow("nhat-ky-su-kien");
            Log.line("demo screenshots written to %s", shots);
        }
    }
}
