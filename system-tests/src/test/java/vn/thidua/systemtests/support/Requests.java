package vn.thidua.systemtests.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Request bodies of the command API, with the Vietnamese of the source article (Plan 02/KH-STP, Bắc Giang 2018). */
public final class Requests {

    public static final String MOVEMENTS = "/api/v1/movements";
    public static final String REPORTS = "/api/v1/reports/movements";

    private Requests() {
    }

    public static Map<String, Object> registerMovement(String code, String title) {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("number", "02/KH-STP");
        plan.put("kind", "KH");
        plan.put("issuer", "Sở Tư pháp tỉnh Bắc Giang");
        plan.put("issuedOn", "2018-01-09");
        plan.put("title", "Kế hoạch phát động phong trào thi đua năm 2018");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("title", title);
        body.put("kind", "ANNUAL");
        body.put("periodStart", "2018-01-01");
        body.put("periodEnd", "2018-12-31");
        body.put("launchingPlan", plan);
        return body;
    }

    public static Map<String, Object> defineKeyTask(int taskNo, String title) {
        List<Map<String, Object>> indicators = new ArrayList<>();
        indicators.add(Map.of("code", "TT" + taskNo, "name", "Chỉ tiêu của nhiệm vụ " + taskNo + " được hoàn thành",
                "unitOfMeasure", "%", "target", 100));
        return Map.of("taskNo", taskNo, "title", title, "indicators", indicators);
    }

    public static Map<String, Object> enrolUnit(String unitId) {
        return Map.of("unitId", unitId, "enrolledOn", "2018-02-01", "pledgedTitle", "Tập thể lao động xuất sắc",
                "pledges", "Hoàn thành 100% chỉ tiêu được giao; không có đơn thư khiếu nại vượt cấp");
    }

    public static Map<String, Object> close(String summary) {
        return Map.of("closedOn", "2018-12-31", "summary", summary);
    }
}
