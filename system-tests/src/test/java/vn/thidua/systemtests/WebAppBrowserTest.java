package vn.thidua.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import vn.thidua.security.Role;
import vn.thidua.systemtests.support.Api;
import vn.thidua.systemtests.support.Browser;
import vn.thidua.systemtests.support.Infra;
import vn.thidua.systemtests.support.Log;
import vn.thidua.systemtests.support.ServiceLogsOnFailure;
import vn.thidua.systemtests.support.ServiceProcess;
import vn.thidua.systemtests.support.Tokens;
import vn.thidua.systemtests.support.WorkDir;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static vn.thidua.systemtests.support.Requests.enrolUnit;
import static vn.thidua.systemtests.support.Requests.registerMovement;

/**
 * The web app in a real headless Chromium against the real processes (both services, Kafka and the MongoDB-wire
 * server): signing in as each role, the key-task board as the API answers it, a reporter's submission showing on an
 * analyst's open page without a reload, a reporter confined to its unit, a result returned, corrected and approved
 * through the pages, the exports, the support board, the auditors' pages, a phone-sized screen; the Ministry's national
 * roll-up (two provinces) and a province's analyst refused it, and the commune board under the structures before and
 * after the reform of 1 July 2025. Screenshots of each
 * page go to {@code target/screenshots}. {@code -DskipBrowserTests} skips the class (as {@code -DskipSystemTests} does
 * every system test).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebAppBrowserTest {

    static final String TD = "TDTN-2018";
    static final String NTM = "NTM-2016-2020";
    static final String Q1 = "2018-Q1";
    static final String OWN = "PTP-213";
    static final String OTHER = "PTP-215";
    static final String OWN_RESULT = TD + "~1~" + OWN + "~" + Q1;
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final ServiceLogsOnFailure logs = new ServiceLogsOnFailure();

    static Infra infra;
    static ServiceProcess commands;
    static ServiceProcess queries;
    static String app;
    static String commandApi;
    static Path screenshots;
    static Browser analyst;
    static Browser reporter;
    static Browser admin;
    static Instant beforeSubmission;

    @BeforeAll
    static void start() {
        if (Boolean.getBoolean("skipBrowserTests")) {
            org.junit.jupiter.api.Assumptions.abort("-DskipBrowserTests");
        }
        if (!Browser.available()) {
            fail("No headless browser: the browser tests need Debian's chromium and chromium-driver (" + Browser.CHROMIUM
                    + ", " + Browser.CHROMEDRIVER + "): apt-get install -y chromium chromium-driver (.ci/run does), "
                    + "or skip them with -DskipBrowserTests");
        }
        long started = System.nanoTime();
        Path dir = WorkDir.fresh(WebAppBrowserTest.class);
        screenshots = Path.of(System.getProperty("thidua.screenshots", "target/screenshots")).toAbsolutePath();
        infra = Infra.start(dir);
        int commandPort = ServiceProcess.freePort();
        int queryPort = ServiceProcess.freePort();
        app = "http://127.0.0.1:" + queryPort + "/app/";
        commandApi = "http://127.0.0.1:" + commandPort;
        Map<String, String> env = Map.of(
                "MONGODB_URI", infra.mongoUri(),
                "MONGODB_DATABASE", "webapp_events",
                "MONGODB_QUERY_DATABASE", "webapp_query",
                "KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrap(),
                "THIDUA_TOPIC", "webapp.events",
                "THIDUA_QUERY_GROUP", "webapp-query");
        // as ./run.sh sets them: the app's origin allowed by the command-service, which the app is told the address of
        Map<String, String> commandEnv = new LinkedHashMap<>(env);
        commandEnv.put("SERVER_PORT", String.valueOf(commandPort));
        commandEnv.put("THIDUA_CORS_ORIGINS", "http://127.0.0.1:" + queryPort);
        Map<String, String> queryEnv = new LinkedHashMap<>(env);
        queryEnv.put("SERVER_PORT", String.valueOf(queryPort));
        queryEnv.put("THIDUA_WEB_COMMAND_API", commandApi);
        commands = logs.track(ServiceProcess.commandService("command-service", dir, commandEnv));
        queries = logs.track(ServiceProcess.queryService("query-service", dir, queryEnv));
        ServiceProcess.startAll(commands, queries);
        seed();
        analyst = Browser.start("analyst", dir, screenshots);
        reporter = Browser.start("reporter", dir, screenshots);
        admin = Browser.start("admin", dir, screenshots);
        Log.line("web app %s: stack, data and three browsers ready in %.1f s", app, (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stop() {
        for (Browser b : new Browser[]{analyst, reporter, admin}) {
            if (b != null) {
                b.close();
            }
        }
        if (queries != null) {
            queries.stop();
        }
        if (commands != null) {
            commands.stop();
        }
        if (infra != null) {
            infra.close();
        }
    }

    // ---- the data: a 2018 movement with two key tasks and four units, three of which reported the first quarter;
    //      the new-rural-area programme with three supported communes, assessed for 2018 ----

    static void post(String path, Object body, String token) {
        try {
            Api.Response r = Api.post(commandApi + path, body, null, token);
            assertThat(r.status()).as("POST %s: %s", path, r).isBetween(200, 299);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, Object> indicator(String code, String name, String unit, int target) {
        return Map.of("code", code, "name", name, "unitOfMeasure", unit, "target", target);
    }

    static Map<String, Object> result(String unit, Map<String, Object> values) {
        List<Map<String, Object>> list = new ArrayList<>();
        values.forEach((code, value) -> list.add(Map.of("code", code, "value", value)));
        return Map.of("unitId", unit, "period", Q1, "values", list, "evidence", "Báo cáo quý I/2018 của " + unit);
    }

    static void reportAndApprove(String unit, int task, Map<String, Object> values) {
        post("/api/v1/movements/" + TD + "/key-tasks/" + task + "/results", result(unit, values), Tokens.reporter(unit));
        post("/api/v1/task-results/" + TD + "~" + task + "~" + unit + "~" + Q1 + "/approval", Map.of(), Tokens.admin());
    }

    static void seed() {
        String admin = Tokens.admin();
        post("/api/v1/movements", registerMovement(TD,
                "Toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao năm 2018"), admin);
        post("/api/v1/movements/" + TD + "/key-tasks", Map.of("taskNo", 1,
                "title", "Xây dựng, thẩm định văn bản quy phạm pháp luật", "indicators", List.of(
                        indicator("TT1", "Dự thảo văn bản được thẩm định đúng thời hạn", "%", 100),
                        indicator("TT2", "Dự thảo văn bản được góp ý", "văn bản", 24))), admin);
        post("/api/v1/movements/" + TD + "/key-tasks", Map.of("taskNo", 2,
                "title", "Phổ biến, giáo dục pháp luật và hòa giải ở cơ sở", "indicators", List.of(
                        indicator("TT3", "Hội nghị tuyên truyền, phổ biến pháp luật", "cuộc", 12))), admin);
        for (String unit : List.of(OWN, OTHER, "PTP-216", "STP-VP")) {
            post("/api/v1/movements/" + TD + "/enrolments", enrolUnit(unit), admin);
        }
        reportAndApprove("PTP-216", 1, Map.of("TT1", 100, "TT2", 24));
        reportAndApprove("PTP-216", 2, Map.of("TT3", 6));
        // two units with the same completion: they share the second rank, and the next rank is the fourth
        reportAndApprove(OTHER, 1, Map.of("TT1", new BigDecimal("80.5"), "TT2", 12));
        reportAndApprove("STP-VP", 1, Map.of("TT1", new BigDecimal("80.5"), "TT2", 12));

        Map<String, Object> ntm = new LinkedHashMap<>(registerMovement(NTM, "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới"));
        ntm.put("kind", "MULTI_YEAR");
        ntm.put("periodStart", "2016-01-01");
        ntm.put("periodEnd", "2020-12-31");
        post("/api/v1/movements", ntm, admin);
        Map<String, String> supported = Map.of("07201", OWN, "07204", OWN, "07234", OTHER);
        supported.forEach((commune, unit) -> post("/api/v1/movements/" + NTM + "/communes/" + commune + "/supporters",
                Map.of("unitId", unit, "decision", Map.of("number", "38/QĐ-STP", "issuedOn", "2017-02-21"),
                        "supportFrom", "2017-03-01"), admin));
        post("/api/v1/movements/" + NTM + "/communes/07201/activities", Map.of("unitId", OWN, "type", "MEDIATOR_TRAINING",
                "heldOn", "2018-03-15", "participants", 42, "description", "Tập huấn kỹ năng hòa giải"), Tokens.reporter(OWN));
        Map<String, Integer> totals = Map.of("07201", 90, "07204", 60, "07234", 85);
        totals.forEach((commune, total) -> post("/api/v1/movements/" + NTM + "/communes/" + commune + "/assessments",
                Map.of("year", 2018, "scores", total >= 80
                                ? Map.of("tc1", 14, "tc2", 27, "tc3", 22, "tc4", 9, "tc5", total - 72)
                                : Map.of("tc1", 10, "tc2", 15, "tc3", 15, "tc4", 10, "tc5", 10),
                        "noOfficialDisciplined", true, "assessedOn", "2018-12-10"), admin));
        await("the seeded data on the boards").atMost(VISIBLE_WITHIN).until(() -> {
            JsonNode board = board(Q1, "APPROVED");
            JsonNode communes = Api.get(queries.baseUrl() + "/api/v1/reports/communes?movementId=" + NTM).json();
            return board.path("items").size() == 4 && board.path("items").get(0).path("unitId").asText().equals("PTP-216")
                    && communes.path("province").path("criterion185").path(0).path("assessed").asInt() == 3;
        });
    }

    static JsonNode board(String period, String counted) {
        return Api.get(queries.baseUrl() + "/api/v1/reports/key-tasks?movementId=" + TD + "&period=" + period
                + "&counted=" + counted).json();
    }

    // ---- the pages ----

    static String boardRoute(String counted) {
        return "/nhiem-vu?movementId=" + TD + "&period=" + Q1 + "&counted=" + counted;
    }

    static By cell(String unit, int task) {
        return By.cssSelector("#key-task-board tr[data-unit='" + unit + "'] td.cell[data-task='" + task + "']");
    }

    static String statusOf(Browser b, String unit, int task) {
        List<WebElement> found = b.all(cell(unit, task));
        return found.isEmpty() ? null : found.get(0).getDomAttribute("data-status");
    }

    /** 0.325 → "32,5 %": the percentage as the app shows it (decimal comma, at most two decimals). */
    static String percent(BigDecimal ratio) {
        DecimalFormat f = new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.forLanguageTag("vi-VN")));
        return f.format(ratio.multiply(BigDecimal.valueOf(100))) + " %";
    }

    @Test
    @Order(1)
    void each_role_signs_in_on_the_local_page_and_finds_its_own_pages() {
        analyst.open(app + "#/dang-nhap");
        analyst.visible(By.id("local-sign-in"));
        analyst.screenshot("01-dang-nhap");
        Map<String, List<String>> menus = Map.of(
                "ANALYST", List.of("Bảng nhiệm vụ trọng tâm", "Bảng giúp đỡ xã", "Danh mục phong trào"),
                "UNIT_REPORTER", List.of("Báo cáo kết quả của đơn vị", "Hoạt động giúp đỡ xã", "Bảng nhiệm vụ trọng tâm",
                        "Bảng giúp đỡ xã", "Danh mục phong trào"),
                "PROVINCE_ADMIN", List.of("Duyệt kết quả", "Bảng nhiệm vụ trọng tâm", "Bảng giúp đỡ xã", "Danh mục phong trào"),
                "AUDITOR", List.of("Bảng nhiệm vụ trọng tâm", "Bảng giúp đỡ xã", "Danh mục phong trào", "Nhật ký sự kiện"),
                "OPERATOR", List.of("Vận hành"));
        Map<String, String> homes = Map.of("ANALYST", "Bảng nhiệm vụ trọng tâm", "UNIT_REPORTER", "Báo cáo kết quả của đơn vị",
                "PROVINCE_ADMIN", "Duyệt kết quả", "AUDITOR", "Nhật ký sự kiện", "OPERATOR", "Vận hành");
        Browser visitor = Browser.start("visitor", Path.of(System.getProperty("thidua.work-dir", "target/system-tests"))
                .resolve(WebAppBrowserTest.class.getSimpleName()), screenshots);
        try {
            for (Role role : Role.values()) {
                visitor.signIn(app, role.name(), role == Role.UNIT_REPORTER ? OWN : null);
                List<String> menu = visitor.all(By.cssSelector("nav.menu a")).stream().map(WebElement::getText).toList();
                assertThat(menu).as("%s's menu", role).containsExactlyElementsOf(menus.get(role.name()));
                String heading = visitor.visible(By.cssSelector("main h1")).getText();
                assertThat(heading).as("%s's first page", role).isEqualTo(homes.get(role.name()));
                try {
                    visitor.await(d -> d.findElements(By.cssSelector("[aria-busy=true], p[role=status]")).isEmpty());
                } catch (org.openqa.selenium.TimeoutException e) {
                    visitor.screenshot("fail-" + role);
                    fail("%s's first page did not settle: %s", role, visitor.visible(By.tagName("main")).getText());
                }
                assertThat(visitor.all(By.cssSelector(".alert-error"))).as("%s's first page shows no error: %s", role,
                        visitor.all(By.cssSelector(".alert-error")).stream().map(WebElement::getText).toList()).isEmpty();
                assertThat(unlabelled(visitor)).as("%s's first page: fields without a label", role).isEmpty();
                visitor.screenshot("02-trang-dau-" + role.name().toLowerCase(Locale.ROOT));
            }
        } finally {
            visitor.close();
        }
    }

    /** Fields no label names (WCAG 1.3.1, 4.1.2), and pictures without a text. */
    @SuppressWarnings("unchecked")
    static List<String> unlabelled(Browser b) {
        return (List<String>) b.script("return [...document.querySelectorAll('input, select, textarea, canvas, img')]"
                + ".filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label') && !e.getAttribute('alt'))"
                + ".map(e => e.outerHTML.slice(0, 120))");
    }

    @Test
    @Order(2)
    void a_person_signs_in_and_reaches_the_board_with_the_keyboard_only() {
        analyst.open(app + "#/dang-nhap");
        analyst.visible(By.id("local-sign-in"));
        assertThat(unlabelled(analyst)).isEmpty();
        // the first thing the keyboard reaches is a link past the menu, shown when it has the focus
        assertThat(analyst.script("const first = document.querySelector('a[href], button, select, input, textarea');"
                + "first.focus(); return first.className + ' ' + (first.getBoundingClientRect().left >= 0)")).isEqualTo("skip true");
        // the app puts the focus on each page's heading; from there, the form in order
        analyst.script("document.querySelector('main h1').focus()");
        org.openqa.selenium.interactions.Actions keys = new org.openqa.selenium.interactions.Actions(analyst.driver());
        keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(analyst.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("sign-in-role");
        keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(analyst.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("sign-in-province");
        keys.sendKeys(org.openqa.selenium.Keys.TAB, org.openqa.selenium.Keys.TAB).perform();
        assertThat(analyst.driver().switchTo().activeElement().getDomAttribute("id")).isEqualTo("sign-in-submit");
        keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        analyst.await(d -> d.findElements(By.cssSelector(".who[data-role='ANALYST']")).size() == 1);
        assertThat(analyst.visible(By.cssSelector(".who-province")).getText()).isEqualTo("Tỉnh Bắc Ninh (24)");
        assertThat(analyst.driver().switchTo().activeElement().getTagName()).as("focus on the new page's heading").isEqualTo("h1");
        keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        assertThat(analyst.driver().switchTo().activeElement().getTagName()).as("then the board's filters").isEqualTo("summary");
    }

    @Test
    @Order(3)
    void an_analyst_sees_the_key_task_board_as_the_api_answers_it_with_ranks_ties_and_totals() {
        analyst.signIn(app, "ANALYST", null);
        analyst.go(app, boardRoute("APPROVED"));
        analyst.visible(By.cssSelector("#key-task-board tbody tr"));
        JsonNode api = board(Q1, "APPROVED");

        List<WebElement> rows = analyst.all(By.cssSelector("#key-task-board tbody tr[data-unit]"));
        assertThat(rows).hasSize(api.path("items").size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode expected = api.path("items").get(i);
            WebElement row = rows.get(i);
            assertThat(row.getDomAttribute("data-unit")).isEqualTo(expected.path("unitId").asText());
            assertThat(row.findElement(By.cssSelector(".rank-no")).getText()).isEqualTo(expected.path("rank").asText());
            assertThat(row.findElement(By.cssSelector("td.completion")).getText())
                    .isEqualTo(percent(expected.path("completion").decimalValue()));
            assertThat(row.findElement(By.cssSelector("th")).getText()).contains(expected.path("unitName").asText());
            List<WebElement> cells = row.findElements(By.cssSelector("td.cell"));
            for (int t = 0; t < cells.size(); t++) {
                assertThat(cells.get(t).getDomAttribute("data-status")).isEqualTo(expected.path("cells").get(t).path("status").asText());
            }
            if (expected.path("tiedWith").asInt() > 0) {
                assertThat(row.findElement(By.cssSelector(".tie")).getText())
                        .isEqualTo("đồng hạng với " + expected.path("tiedWith").asInt() + " đơn vị khác");
            }
        }
        assertThat(analyst.all(By.cssSelector("#key-task-board tr[data-rank='2']"))).as("PTP-215 and STP-VP tie").hasSize(2);
        assertThat(analyst.all(By.cssSelector("#key-task-board tr[data-rank='4']"))).as("the next rank skips").hasSize(1);
        List<WebElement> totals = analyst.all(By.cssSelector("#task-totals tbody tr"));
        assertThat(totals).hasSize(api.path("tasks").size());
        assertThat(totals.get(0).findElement(By.cssSelector("td[data-status='APPROVED']")).getText())
                .isEqualTo(api.path("tasks").get(0).path("results").path("APPROVED").asText());
        assertThat(totals.get(0).getText()).contains("Dự thảo văn bản được thẩm định đúng thời hạn: 261 (3 đơn vị) / 100 %");
        assertThat(analyst.visible(By.id("completion-chart")).getSize().getHeight()).isPositive();
        assertThat(analyst.visible(By.cssSelector(".freshness")).getText()).contains("Số liệu tính đến:", "Cập nhật trực tiếp");
        analyst.screenshot("03-bang-nhiem-vu");
    }

    @Test
    @Order(4)
    void a_result_a_reporter_submits_shows_on_the_analysts_open_page_without_a_reload_and_a_double_click_records_it_once() {
        analyst.go(app, boardRoute("REPORTED"));
        analyst.visible(cell(OWN, 1));
        assertThat(statusOf(analyst, OWN, 1)).isEqualTo("NOT_REPORTED");
        analyst.script("window.__samePage = 'yes'");
        reporter.signIn(app, "UNIT_REPORTER", OWN);
        reporter.go(app, "/bao-cao?movementId=" + TD + "&period=" + Q1);
        reporter.type(By.id("task-1-TT1"), "92,5");
        reporter.type(By.id("task-1-TT2"), "18");
        reporter.type(By.id("task-1-evidence"), "Báo cáo số 40/BC-PTP ngày 03/4/2018");
        reporter.screenshot("04-bao-cao-don-vi");
        beforeSubmission = Instant.now();

        long clicked = System.nanoTime();
        // two clicks before the page can disable the button: both requests go out, with the same Idempotency-Key
        reporter.script("const b = document.getElementById('task-1-submit'); b.click(); b.click();");
        analyst.awaitClosely(d -> "SUBMITTED".equals(statusOf(analyst, OWN, 1)));
        long millis = (System.nanoTime() - clicked) / 1_000_000;
        Log.line("the reporter's result showed on the analyst's open page %d ms after the click (no reload)", millis);

        assertThat(analyst.script("return window.__samePage")).as("the page was not reloaded").isEqualTo("yes");
        assertThat(analyst.visible(By.cssSelector("#key-task-board tr[data-unit='" + OWN + "']")).getDomAttribute("class"))
                .as("the changed row is marked").contains("row-updated");
        assertThat(analyst.visible(By.cssSelector(".freshness .updated")).getText()).startsWith("Vừa cập nhật lúc");
        analyst.screenshot("05-bang-nhiem-vu-cap-nhat-truc-tiep");
        Object posts = reporter.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.name.endsWith('/key-tasks/1/results')).length");
        assertThat(((Number) posts).intValue()).as("requests the double click sent").isEqualTo(2);
        JsonNode events = Api.get(queries.baseUrl() + "/api/v1/audit/events?aggregateId=" + OWN_RESULT).json();
        assertThat(events.path("items").findValuesAsText("type")).as("recorded once").containsExactly("TaskResultRecorded");
        reporter.await(d -> "SUBMITTED".equals(d.findElement(By.id("task-1")).getDomAttribute("data-status")));
        assertThat(millis).as("live within the 30 s the other system tests allow").isLessThan(VISIBLE_WITHIN.toMillis());
    }

    @Test
    @Order(5)
    void a_board_as_of_an_instant_before_the_submission_shows_the_result_not_reported_and_is_not_live() {
        analyst.go(app, boardRoute("REPORTED"));
        analyst.visible(cell(OWN, 1));
        assertThat(statusOf(analyst, OWN, 1)).isEqualTo("SUBMITTED");
        // typed as a person in Vietnam types it: dd/MM/yyyy HH:mm:ss, Vietnam's time
        String typed = java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss")
                .withZone(java.time.ZoneId.of("Asia/Ho_Chi_Minh")).format(beforeSubmission);
        analyst.type(By.cssSelector(".field-asof input"), typed);
        analyst.visible(By.cssSelector(".field-asof button")).click();
        analyst.await(d -> "NOT_REPORTED".equals(statusOf(analyst, OWN, 1)));
        assertThat(statusOf(analyst, OWN, 1)).isEqualTo("NOT_REPORTED");
        assertThat(analyst.visible(By.cssSelector(".freshness")).getText()).contains("không cập nhật trực tiếp");
        analyst.screenshot("06-bang-nhiem-vu-tai-thoi-diem");
    }

    @Test
    @Order(6)
    void a_reporter_of_one_unit_can_neither_see_nor_submit_for_another() {
        reporter.go(app, boardRoute("REPORTED"));
        reporter.visible(By.cssSelector("#key-task-board tbody tr[data-unit]"));
        assertThat(reporter.all(By.cssSelector("#key-task-board tbody tr[data-unit]")))
                .extracting(r -> r.getDomAttribute("data-unit")).containsExactly(OWN);
        reporter.go(app, boardRoute("REPORTED") + "&unitId=" + OTHER);
        assertThat(reporter.visible(By.cssSelector("[role=alert]")).getText()).contains("không có quyền");
        assertThat(reporter.all(By.cssSelector("#key-task-board tr[data-unit='" + OTHER + "']"))).isEmpty();
        reporter.go(app, "/bao-cao?movementId=" + TD + "&period=" + Q1);
        assertThat(reporter.visible(By.id("reporting-unit")).getDomAttribute("data-unit")).isEqualTo(OWN);
        assertThat(reporter.all(By.cssSelector("select[name=unitId], #sign-in-unit"))).as("no unit to choose").isEmpty();

        // what the page would send if it named the other unit: the command-service refuses it and records nothing
        Object status = reporter.asyncScript("const done = arguments[arguments.length - 1];"
                + "const token = JSON.parse(sessionStorage.getItem('thidua.session')).token;"
                + "fetch(arguments[0] + '/api/v1/movements/" + TD + "/key-tasks/2/results', {method: 'POST', headers: {"
                + "'Authorization': 'Bearer ' + token, 'Content-Type': 'application/json', 'Idempotency-Key': 'forged-1'},"
                + "body: JSON.stringify({unitId: '" + OTHER + "', period: '" + Q1 + "', values: [{code: 'TT3', value: 12}]})})"
                + ".then(r => done(r.status), e => done('failed: ' + e));", commandApi);
        assertThat(status).isEqualTo(403L);
        assertThat(Api.get(queries.baseUrl() + "/api/v1/audit/events?aggregateId=" + TD + "~2~" + OTHER + "~" + Q1).json()
                .path("totalItems").asInt()).isZero();
    }

    @Test
    @Order(7)
    void a_returned_result_is_corrected_by_the_unit_and_approved_by_the_province_through_the_pages() {
        admin.signIn(app, "PROVINCE_ADMIN", null);
        admin.go(app, "/duyet?movementId=" + TD + "&period=" + Q1);
        By card = By.id("review-" + OWN + "-1");
        admin.visible(card);
        admin.await(d -> d.findElement(card).getText().contains("Báo cáo số 40/BC-PTP"));
        admin.screenshot("07-duyet-ket-qua");
        reporter.go(app, "/bao-cao?movementId=" + TD + "&period=" + Q1);
        reporter.visible(By.id("task-1-submit"));
        admin.type(By.id("review-" + OWN + "-1-text"), "Thiếu tài liệu kiểm chứng chỉ tiêu TT2");
        admin.visible(By.id("review-" + OWN + "-1-return")).click();
        admin.await(d -> d.findElements(card).isEmpty());

        // the reporter's open page learns it live, with the province's reason
        reporter.await(d -> "RETURNED".equals(d.findElement(By.id("task-1")).getDomAttribute("data-status")));
        reporter.await(d -> d.findElement(By.cssSelector("#task-1 .reason-text")).getText()
                .equals("Thiếu tài liệu kiểm chứng chỉ tiêu TT2"));
        assertThat(reporter.visible(By.id("task-1-evidence")).getDomProperty("value")).isEqualTo("Báo cáo số 40/BC-PTP ngày 03/4/2018");
        reporter.screenshot("08-ket-qua-bi-tra-lai");
        reporter.type(By.id("task-1-TT2"), "20");
        reporter.type(By.id("task-1-evidence"), "Báo cáo số 40/BC-PTP ngày 03/4/2018; danh sách 20 văn bản góp ý");
        reporter.type(By.id("task-1-reason"), "Bổ sung tài liệu kiểm chứng và số liệu TT2");
        reporter.visible(By.id("task-1-submit")).click();
        reporter.await(d -> "SUBMITTED".equals(d.findElement(By.id("task-1")).getDomAttribute("data-status")));

        // the province's open page shows it pending again, live; approved, the analyst's board shows it approved
        admin.visible(card);
        admin.await(d -> d.findElement(card).getText().contains("Bổ sung tài liệu kiểm chứng và số liệu TT2"));
        admin.visible(By.id("review-" + OWN + "-1-approve")).click();
        admin.await(d -> d.findElements(card).isEmpty());
        analyst.go(app, boardRoute("APPROVED"));
        analyst.await(d -> "APPROVED".equals(statusOf(analyst, OWN, 1)));
        assertThat(Api.get(queries.baseUrl() + "/api/v1/audit/events?aggregateId=" + OWN_RESULT).json()
                .path("items").findValuesAsText("type"))
                .containsExactly("TaskResultRecorded", "TaskResultReturned", "TaskResultCorrected", "TaskResultApproved");
        analyst.screenshot("09-bang-nhiem-vu-sau-duyet");
    }

    @Test
    @Order(8)
    void the_export_buttons_save_a_csv_with_a_bom_and_an_xlsx_that_opens() throws IOException {
        analyst.go(app, boardRoute("APPROVED"));
        analyst.visible(By.id("export-csv")).click();
        Path csv = analyst.awaitDownload(".csv");
        analyst.visible(By.id("export-xlsx")).click();
        Path xlsx = analyst.awaitDownload(".xlsx");

        byte[] bytes = await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllBytes(csv), b -> b.length > 3);
        assertThat(new byte[]{bytes[0], bytes[1], bytes[2]}).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        assertThat(text).contains("Bảng theo dõi nhiệm vụ trọng tâm", "Xếp hạng", OWN, "Đã duyệt");
        assertThat(csv.getFileName().toString()).isEqualTo("bang-nhiem-vu-" + TD + "-" + Q1 + ".csv");
        try (InputStream in = Files.newInputStream(xlsx); Workbook book = new XSSFWorkbook(in)) {
            Sheet sheet = book.getSheetAt(0);
            StringBuilder all = new StringBuilder();
            sheet.forEach(row -> row.forEach(c -> all.append(c.toString()).append('|')));
            assertThat(all.toString()).contains("Bảng theo dõi nhiệm vụ trọng tâm", "Xếp hạng", OWN, "PTP-216");
        }
    }

    @Test
    @Order(9)
    void a_reporter_records_a_support_activity_and_the_support_board_shows_it_with_totals_and_the_pass_rate_chart() {
        reporter.go(app, "/giup-do-xa?movementId=" + NTM);
        reporter.visible(By.id("activity-form"));
        assertThat(reporter.all(By.cssSelector("#activity-commune option"))).extracting(o -> o.getDomAttribute("value"))
                .containsExactly("07201", "07204");
        reporter.choose(By.id("activity-commune"), "07204");
        reporter.choose(By.id("activity-type"), "LEGAL_DISSEMINATION");
        reporter.type(By.id("activity-date"), "12/05/2018");
        reporter.type(By.id("activity-participants"), "120");
        reporter.type(By.id("activity-description"), "Tuyên truyền Luật Hòa giải ở cơ sở cho nhân dân các thôn");
        reporter.visible(By.id("activity-submit")).click();
        reporter.await(d -> d.findElements(By.cssSelector("#activity-form [role=status]")).stream()
                .anyMatch(e -> e.getText().contains("Đã ghi nhận hoạt động")));
        reporter.screenshot("10-hoat-dong-giup-do-xa");

        analyst.go(app, "/xa?movementId=" + NTM);
        By row = By.cssSelector("#support-board tr[data-commune='07204'] td[data-activities]");
        analyst.await(d -> "1".equals(d.findElement(row).getDomAttribute("data-activities")));
        assertThat(analyst.visible(By.id("province-title")).isDisplayed()).isTrue();
        assertThat(analyst.visible(By.cssSelector("#support-board tr[data-commune='07204'] td[data-year='2018']")).getText())
                .contains("Chưa đạt", "60 điểm");
        assertThat(analyst.visible(By.cssSelector(".totals [data-year='2018']")).getText()).contains("2 xã đạt / 3 xã đã đánh giá");
        assertThat(analyst.visible(By.id("pass-rate-chart")).getSize().getHeight()).isPositive();
        analyst.screenshot("11-bang-giup-do-xa");
    }

    @Test
    @Order(10)
    void an_auditor_sees_the_integrity_verdict_the_event_log_and_one_streams_playback() {
        admin.signIn(app, "AUDITOR", null);
        admin.go(app, "/nhat-ky?aggregateId=" + OWN_RESULT);
        admin.await(d -> "true".equals(d.findElement(By.id("integrity-verdict")).getDomAttribute("data-verified")));
        admin.await(d -> d.findElements(By.cssSelector("#audit-events tbody tr")).size() == 4);
        assertThat(admin.visible(By.id("integrity-verdict")).getText()).contains("Toàn vẹn");
        admin.screenshot("12-nhat-ky-su-kien");
        admin.visible(By.cssSelector("#audit-events tbody tr a")).click();
        admin.await(d -> d.findElements(By.cssSelector("#playback > li")).size() == 4);
        assertThat(admin.visible(By.cssSelector("#playback > li[data-sequence='1']")).getText())
                .contains("Trả lại kết quả", "Thiếu tài liệu kiểm chứng chỉ tiêu TT2");
        admin.screenshot("13-phat-lai-dong-su-kien");
    }

    @Test
    @Order(11)
    void the_pages_fit_a_phone_screen() {
        for (Browser b : List.of(reporter, analyst)) {
            b.driver().manage().window().setSize(Browser.PHONE);
        }
        try {
            reporter.go(app, "/bao-cao?movementId=" + TD + "&period=" + Q1);
            reporter.visible(By.id("task-2-TT3"));
            analyst.go(app, boardRoute("APPROVED"));
            analyst.visible(cell(OWN, 1));
            for (Browser b : List.of(reporter, analyst)) {
                Object overflow = b.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
                assertThat(((Number) overflow).intValue()).as("%s: no sideways scrolling of the page", b).isLessThanOrEqualTo(0);
            }
            reporter.screenshot("14-dien-thoai-bao-cao");
            analyst.screenshot("15-dien-thoai-bang-nhiem-vu");
        } finally {
            for (Browser b : List.of(reporter, analyst)) {
                b.driver().manage().window().setSize(Browser.DESKTOP);
            }
        }
    }

    // ---- provinces as tenants and the structure over time (issue 18): the Ministry's sector-wide movement of 2026 with
    //      units of two provinces, after the structure lists of the reform are imported ----

    static final String NATIONAL = "BTP-TDTN-2026";
    static final String Q1_2026 = "2026-Q1";
    static final String MINISTRY = "BTP";

    static String ministryAdmin() {
        return Tokens.token(Role.PROVINCE_ADMIN, null, "system-test-btp", MINISTRY);
    }

    static String ministryAnalyst() {
        return Tokens.token(Role.ANALYST, null, "system-test-btp-analyst", MINISTRY);
    }

    static String provinceAdmin(String province) {
        return Tokens.token(Role.PROVINCE_ADMIN, null, "system-test-" + province, province);
    }

    static boolean seeded2026;

    /** The structure lists of the reform (as the demo imports them), and the Ministry's movement with units of 24 and 19. */
    static synchronized void seed2026() {
        if (seeded2026) {
            return;
        }
        String[][] imports = {
                {"27", "ADMIN_UNITS", "admin-units-bac-ninh-27-2024-12-01.csv"},
                {"24", "ADMIN_UNITS", "admin-units-bac-ninh-2025-07-01.csv"},
                {"24", "UNITS", "units-bac-ninh-2025-07-01.csv"},
                {"19", "ADMIN_UNITS", "admin-units-thai-nguyen-2025-07-01.csv"},
                {"19", "UNITS", "units-thai-nguyen-2025-07-01.csv"}};
        for (String[] i : imports) {
            post("/api/v1/structure/provinces/" + i[0] + "/versions", Map.of("list", i[1], "source", "system test: " + i[2],
                    "csv", vn.thidua.reference.ReferenceData.shippedText(i[2])), ministryAdmin());
        }
        Map<String, Object> movement = new LinkedHashMap<>(registerMovement(NATIONAL,
                "Toàn ngành Tư pháp thi đua hoàn thành xuất sắc nhiệm vụ năm 2026"));
        movement.put("periodStart", "2026-01-01");
        movement.put("periodEnd", "2026-12-31");
        movement.put("launchingPlan", Map.of("number", "15/KH-BTP", "kind", "KH", "issuer", "Bộ Tư pháp", "issuedOn", "2026-01-08",
                "title", "Kế hoạch tổ chức phong trào thi đua của ngành Tư pháp năm 2026"));
        post("/api/v1/movements", movement, ministryAdmin());
        post("/api/v1/movements/" + NATIONAL + "/key-tasks", Map.of("taskNo", 1,
                "title", "Xây dựng, thẩm định văn bản quy phạm pháp luật", "indicators", List.of(
                        indicator("TT1", "Dự thảo văn bản được thẩm định đúng thời hạn", "%", 100))), ministryAdmin());
        Map<String, List<String>> units = Map.of("24", List.of("STP-VP", "STP-TTR"), "19", List.of("TNG-STP-VP", "TNG-STP-TTR"));
        Map<String, Integer> values = Map.of("STP-VP", 90, "STP-TTR", 60, "TNG-STP-VP", 100);
        units.forEach((province, list) -> list.forEach(unit -> post("/api/v1/movements/" + NATIONAL + "/enrolments",
                Map.of("unitId", unit, "enrolledOn", "2026-01-15", "pledgedTitle", "Tập thể lao động xuất sắc",
                        "pledges", "Hoàn thành 100% nhiệm vụ được giao năm 2026"), provinceAdmin(province))));
        values.forEach((unit, value) -> {
            String province = unit.startsWith("TNG-") ? "19" : "24";
            post("/api/v1/movements/" + NATIONAL + "/key-tasks/1/results", Map.of("unitId", unit, "period", Q1_2026,
                    "values", List.of(Map.of("code", "TT1", "value", value)), "evidence", "Báo cáo quý I/2026 của " + unit),
                    Tokens.token(Role.UNIT_REPORTER, unit, Tokens.reporterSubject(unit), province));
            post("/api/v1/task-results/" + NATIONAL + "~1~" + unit + "~" + Q1_2026 + "/approval", Map.of(), provinceAdmin(province));
        });
        await("the national roll-up and the structure after the reform").atMost(VISIBLE_WITHIN).until(() -> {
            JsonNode national = national();
            JsonNode after = communes("2025-07-01");
            return national.path("provinces").size() == 2
                    && national.findValues("items").stream().mapToInt(JsonNode::size).sum() == 4
                    && national.findValuesAsText("status").stream().filter("APPROVED"::equals).count() == 3
                    && after.path("totalItems").asInt() == 99;
        });
        seeded2026 = true;
    }

    static JsonNode national() {
        return Api.get(queries.baseUrl() + "/api/v1/reports/key-tasks/national?movementId=" + NATIONAL + "&period=" + Q1_2026,
                ministryAnalyst()).json();
    }

    /** The rows' commune codes, in order (not those of their predecessors). */
    static List<String> communeCodes(JsonNode board) {
        List<String> codes = new ArrayList<>();
        board.path("items").forEach(item -> codes.add(item.path("communeCode").asText()));
        return codes;
    }

    static JsonNode communes(String structure) {
        return Api.get(queries.baseUrl() + "/api/v1/reports/communes?movementId=" + NTM + "&size=50"
                + (structure == null ? "" : "&structure=" + structure)).json();
    }

    @Test
    @Order(12)
    void a_ministry_analyst_sees_the_national_roll_up_of_two_provinces_as_the_api_answers_it() {
        seed2026();
        analyst.signIn(app, "ANALYST", null, MINISTRY);
        assertThat(analyst.visible(By.cssSelector(".who-province")).getDomAttribute("data-province")).isEqualTo(MINISTRY);
        assertThat(analyst.visible(By.cssSelector(".who-province")).getText()).isEqualTo("Bộ Tư pháp");
        assertThat(analyst.all(By.cssSelector("nav.menu a")).stream().map(WebElement::getText).toList())
                .contains("Tổng hợp toàn quốc");
        analyst.go(app, "/toan-quoc?movementId=" + NATIONAL + "&period=" + Q1_2026);
        analyst.visible(By.cssSelector("#national-roll-up tbody tr[data-province]"));
        JsonNode api = national();

        List<WebElement> rows = analyst.all(By.cssSelector("#national-roll-up tbody tr[data-province]"));
        assertThat(rows).hasSize(2).hasSize(api.path("provinces").size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode expected = api.path("provinces").get(i);
            WebElement row = rows.get(i);
            assertThat(row.getDomAttribute("data-province")).isEqualTo(expected.path("provinceCode").asText());
            assertThat(row.findElement(By.cssSelector("th button")).getText()).isEqualTo(expected.path("provinceName").asText());
            assertThat(row.findElement(By.cssSelector("td.units")).getText()).isEqualTo(expected.path("units").asText());
            assertThat(row.findElement(By.cssSelector("td.completion")).getText())
                    .isEqualTo(percent(expected.path("meanCompletion").decimalValue()));
        }
        // a province expanded: its units ranked among themselves, as the API ranks them
        JsonNode first = api.path("provinces").get(0);
        String code = first.path("provinceCode").asText();
        analyst.visible(By.id("province-" + code)).click();
        List<WebElement> units = analyst.all(By.cssSelector("#units-" + code + " tbody tr[data-unit]"));
        assertThat(units).extracting(u -> u.getDomAttribute("data-unit"))
                .containsExactlyElementsOf(first.path("items").findValuesAsText("unitId"));
        assertThat(units).extracting(u -> u.findElement(By.cssSelector(".rank-no")).getText())
                .containsExactlyElementsOf(first.path("items").findValuesAsText("rank"));
        assertThat(analyst.visible(By.id("province-" + code)).getDomAttribute("aria-expanded")).isEqualTo("true");
        assertThat(analyst.visible(By.id("province-chart")).getSize().getHeight()).isPositive();
        assertThat(unlabelled(analyst)).isEmpty();
        analyst.screenshot("16-tong-hop-toan-quoc");

        // the key-task board of the Ministry's movement, filtered to one province: its units as the API ranks them
        analyst.go(app, "/nhiem-vu?movementId=" + NATIONAL + "&period=" + Q1_2026);
        analyst.await(d -> d.findElements(By.cssSelector("#key-task-board tbody tr[data-unit]")).size() == 4);
        analyst.choose(By.id("province"), "19");
        JsonNode tn = Api.get(queries.baseUrl() + "/api/v1/reports/key-tasks?movementId=" + NATIONAL + "&period=" + Q1_2026
                + "&province=19", ministryAnalyst()).json();
        List<String> tnUnits = tn.path("items").findValuesAsText("unitId");
        analyst.await(d -> d.findElements(By.cssSelector("#key-task-board tbody tr[data-unit]")).stream()
                .map(r -> r.getDomAttribute("data-unit")).toList().equals(tnUnits));
        assertThat(analyst.all(By.cssSelector("#key-task-board tbody tr[data-unit] .rank-no"))).extracting(WebElement::getText)
                .containsExactlyElementsOf(tn.path("items").findValuesAsText("rank"));

        analyst.driver().manage().window().setSize(Browser.PHONE);
        try {
            analyst.go(app, "/toan-quoc?movementId=" + NATIONAL + "&period=" + Q1_2026);
            analyst.visible(By.cssSelector("#national-roll-up tbody tr[data-province]"));
            Object overflow = analyst.script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertThat(((Number) overflow).intValue()).as("no sideways scrolling of the roll-up on a phone").isLessThanOrEqualTo(0);
            assertThat(analyst.visible(By.cssSelector(".who-province")).getText()).as("the province stays in the header").isEqualTo("Bộ Tư pháp");
            analyst.screenshot("16-dien-thoai-tong-hop-toan-quoc");
        } finally {
            analyst.driver().manage().window().setSize(Browser.DESKTOP);
        }
    }

    @Test
    @Order(13)
    void a_province_analyst_is_refused_the_national_roll_up() {
        seed2026();
        admin.signIn(app, "ANALYST", null, "19");
        assertThat(admin.visible(By.cssSelector(".who-province")).getText()).isEqualTo("Tỉnh Thái Nguyên (19)");
        assertThat(admin.all(By.cssSelector("nav.menu a")).stream().map(WebElement::getText).toList())
                .doesNotContain("Tổng hợp toàn quốc");
        admin.go(app, "/toan-quoc?movementId=" + NATIONAL + "&period=" + Q1_2026);
        assertThat(admin.visible(By.id("national-refused")).getText())
                .contains("Bảng tổng hợp toàn quốc chỉ dành cho Bộ Tư pháp", "Tỉnh Thái Nguyên (19)");
        assertThat(admin.all(By.id("national-roll-up"))).isEmpty();
        admin.screenshot("17-tong-hop-toan-quoc-bi-tu-choi");
        // the province's own key-task board of the Ministry's movement: its own units only, as the API answers it
        admin.go(app, "/nhiem-vu?movementId=" + NATIONAL + "&period=" + Q1_2026);
        admin.visible(By.cssSelector("#key-task-board tbody tr[data-unit]"));
        JsonNode own = Api.get(queries.baseUrl() + "/api/v1/reports/key-tasks?movementId=" + NATIONAL + "&period=" + Q1_2026,
                Tokens.token(Role.ANALYST, null, "system-test-19-analyst", "19")).json();
        assertThat(admin.all(By.cssSelector("#key-task-board tbody tr[data-unit]"))).extracting(r -> r.getDomAttribute("data-unit"))
                .containsExactlyElementsOf(own.path("items").findValuesAsText("unitId")).allMatch(u -> u.startsWith("TNG-"));
        assertThat(admin.all(By.id("district"))).as("no districts of province 19 to filter by").isEmpty();
    }

    @Test
    @Order(14)
    void switching_the_structure_date_regroups_the_commune_board_as_the_api_answers_it() {
        seed2026();
        analyst.signIn(app, "ANALYST", null);
        analyst.go(app, "/xa?movementId=" + NTM + "&structure=2025-06-30");
        JsonNode before = communes("2025-06-30");
        analyst.await(d -> d.findElements(By.cssSelector("#support-board tbody tr[data-commune]")).size()
                == before.path("items").size());
        assertThat(analyst.all(By.cssSelector("#support-board tbody tr[data-commune]"))).extracting(r -> r.getDomAttribute("data-commune"))
                .containsExactlyElementsOf(communeCodes(before));
        JsonNode old = null;
        for (JsonNode item : before.path("items")) {
            old = item.path("communeCode").asText().equals("07201") ? item : old;
        }
        assertThat(old).as("07201 on the first page before the reform").isNotNull();
        assertThat(analyst.visible(By.cssSelector("#support-board tr[data-commune='07201'] td[data-district]")).getText())
                .isEqualTo(old.path("districtName").asText()).isNotBlank();
        assertThat(analyst.all(By.id("district"))).as("the districts of that day to filter by").hasSize(1);

        analyst.choose(By.id("structure"), "2025-07-01");
        JsonNode after = communes("2025-07-01");
        List<String> codes = communeCodes(after);
        analyst.await(d -> d.findElements(By.cssSelector("#support-board tbody tr[data-commune]")).stream()
                .map(r -> r.getDomAttribute("data-commune")).toList().equals(codes));
        assertThat(analyst.visible(By.cssSelector(".pager, .pager-info")).getText()).contains(after.path("totalItems").asText());
        assertThat(analyst.all(By.cssSelector("#support-board td[data-district]"))).as("no district column after the reform").isEmpty();
        assertThat(analyst.all(By.id("district"))).as("no district filter after the reform").isEmpty();
        assertThat(analyst.all(By.id("district-totals"))).isEmpty();
        // the communes formed from older ones list them, with their own history, as the API does
        JsonNode merged = null;
        JsonNode all = Api.get(queries.baseUrl() + "/api/v1/reports/communes?movementId=" + NTM + "&size=200&structure=2025-07-01").json();
        for (JsonNode item : all.path("items")) {
            if (item.path("predecessors").findValuesAsText("communeCode").contains("07201")) {
                merged = item;
            }
        }
        assertThat(merged).as("a commune formed from 07201").isNotNull();
        if (!codes.contains(merged.path("communeCode").asText())) {
            analyst.type(By.id("commune-q"), merged.path("communeName").asText());
            analyst.visible(By.id("communes-search")).click();
        }
        By formed = By.cssSelector("#support-board tr[data-commune='" + merged.path("communeCode").asText() + "']");
        WebElement row = analyst.visible(formed);
        assertThat(row.findElements(By.cssSelector("[data-predecessor]"))).extracting(p -> p.getDomAttribute("data-predecessor"))
                .containsExactlyInAnyOrderElementsOf(merged.path("predecessors").findValuesAsText("communeCode"));
        row.findElement(By.cssSelector("details.predecessors summary")).click();
        assertThat(row.findElement(By.cssSelector("[data-predecessor='07201']")).getText()).contains("07201", "năm 2018");
        assertThat(analyst.all(By.id("without-successor-title"))).as("the section of communes without a successor")
                .hasSize(after.has("withoutSuccessor") ? 1 : 0);
        analyst.script("arguments[0].scrollIntoView()", row);
        analyst.screenshot("18-bang-giup-do-xa-sau-sap-xep");
    }
}
