package vn.thidua.demo;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The fixed part of the scenario: the 2018 movements of Sở Tư pháp tỉnh Bắc Giang (Kế hoạch 02/KH-STP of
 * 09/01/2018, see {@code docs/domain.md}) with the real numbers, kinds, issuers and dates of the documents
 * they rest on, and eight illustrative key tasks.
 * <p>
 * What is not from the sources: the documents' titles (trích yếu) are paraphrased from the source article, not the
 * official excerpts; the periods of the movements other than the first and third, and the thematic campaign's dates,
 * are the demo's choice; the Ministry's eight key tasks of 2018 were not found, so the tasks are labelled
 * "(minh hoạ)" and their indicators and targets are invented.
 */
final class Catalogue {

    static final String STP = "Sở Tư pháp tỉnh Bắc Giang";
    static final String UBND = "Ủy ban nhân dân tỉnh Bắc Giang";
    static final String BTP = "Bộ Tư pháp";

    /** The sector-wide annual movement: the eight key tasks, every unit enrolled, quarterly results. */
    static final String ANNUAL = "TDTN-2018";
    /** The multi-year new-rural-area programme: commune support and criterion 18.5. */
    static final String RURAL = "NTM-2016-2020";
    /** The thematic campaign, closed at its end. */
    static final String THEMATIC = "TDAQ70-2018";

    record Document(String number, String kind, String issuer, LocalDate issuedOn, String title) {
    }

    record MovementDef(String code, String title, String kind, LocalDate periodStart, LocalDate periodEnd,
                       Document launchingPlan, List<Document> legalBasis) {
    }

    record IndicatorDef(String code, String name, String unitOfMeasure, BigDecimal target) {
        boolean isPercentage() {
            return unitOfMeasure.equals("%");
        }
    }

    record KeyTaskDef(int taskNo, String title, List<IndicatorDef> indicators) {
    }

    private static final Document PLAN_02_2018 = new Document("02/KH-STP", "KH", STP, LocalDate.of(2018, 1, 9),
            "Kế hoạch phát động phong trào thi đua năm 2018");

    static final List<MovementDef> MOVEMENTS = List.of(
            new MovementDef(ANNUAL,
                    "Toàn ngành Tư pháp tiếp tục đổi mới lề lối làm việc, siết chặt kỷ luật, kỷ cương; nâng cao hiệu "
                            + "lực, hiệu quả thi hành pháp luật; đẩy mạnh ứng dụng công nghệ thông tin, thi đua hoàn "
                            + "thành xuất sắc nhiệm vụ chính trị được giao năm 2018",
                    "ANNUAL", LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31), PLAN_02_2018, List.of()),
            new MovementDef("HCM-2018",
                    "Cán bộ Tư pháp tiếp tục đẩy mạnh việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
                    "ANNUAL", LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31), PLAN_02_2018, List.of(
                    new Document("1607/QĐ-BTP", "QD", BTP, LocalDate.of(2016, 8, 1),
                            "Quyết định ban hành Kế hoạch phong trào thi đua “Cán bộ Tư pháp tiếp tục đẩy mạnh việc "
                                    + "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”"),
                    new Document("21-CT/TW", "CT", "Ban Bí thư Trung ương Đảng", LocalDate.of(2012, 12, 21),
                            "Chỉ thị về thực hành tiết kiệm, chống lãng phí"),
                    new Document("30/CT-TTg", "CT", "Thủ tướng Chính phủ", LocalDate.of(2012, 11, 26),
                            "Chỉ thị về thực hành tiết kiệm, chống lãng phí"))),
            new MovementDef(RURAL, "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới",
                    "MULTI_YEAR", LocalDate.of(2016, 1, 1), LocalDate.of(2020, 12, 31),
                    new Document("86/KH-STP", "KH", STP, LocalDate.of(2016, 12, 29),
                            "Kế hoạch thực hiện phong trào thi đua “Ngành Tư pháp chung sức góp phần xây dựng nông thôn "
                                    + "mới” giai đoạn 2016–2020"),
                    List.of(new Document("2288/QĐ-BTP", "QD", "Bộ trưởng Bộ Tư pháp", LocalDate.of(2016, 10, 31),
                                    "Quyết định ban hành Kế hoạch phong trào thi đua “Ngành Tư pháp chung sức góp phần "
                                            + "xây dựng nông thôn mới” giai đoạn 2016–2020"),
                            new Document("315/KH-UBND", "KH", UBND, LocalDate.of(2016, 12, 12),
                                    "Kế hoạch của UBND tỉnh về phong trào thi đua “Ngành Tư pháp chung sức góp phần xây "
                                            + "dựng nông thôn mới” giai đoạn 2016–2020"))),
            new MovementDef("DNHN-2018", "Doanh nghiệp Việt Nam hội nhập và phát triển",
                    "ANNUAL", LocalDate.of(2018, 1, 1), LocalDate.of(2018, 12, 31), PLAN_02_2018, List.of(
                    new Document("193/KH-UBND", "KH", UBND, LocalDate.of(2017, 9, 25),
                            "Kế hoạch triển khai phong trào thi đua “Doanh nghiệp Việt Nam hội nhập và phát triển”"))),
            new MovementDef("VNN-2017-2020", "Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại phía sau",
                    "MULTI_YEAR", LocalDate.of(2017, 1, 1), LocalDate.of(2020, 12, 31),
                    new Document("05/CT-UBND", "CT", UBND, LocalDate.of(2017, 9, 27),
                            "Chỉ thị về phong trào thi đua “Cả nước chung tay vì người nghèo – Không để ai bị bỏ lại "
                                    + "phía sau” giai đoạn 2017–2020"),
                    List.of(PLAN_02_2018)),
            new MovementDef(THEMATIC,
                    "Thi đua lập thành tích chào mừng kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua "
                            + "ái quốc (11/6/1948 – 11/6/2018)",
                    "THEMATIC", LocalDate.of(2018, 4, 16), LocalDate.of(2018, 6, 11),
                    new Document("1166/KH-UBND", "KH", UBND, LocalDate.of(2018, 4, 16),
                            "Kế hoạch tổ chức các hoạt động kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi "
                                    + "thi đua ái quốc"),
                    List.of(new Document("1171/QĐ-BTP", "QD", BTP, LocalDate.of(2018, 5, 24),
                            "Quyết định về đợt thi đua chào mừng kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu "
                                    + "gọi thi đua ái quốc"))));

    /** The thematic campaign is reviewed (sơ kết) and closed shortly after the anniversary. */
    static final LocalDate THEMATIC_CLOSED_ON = LocalDate.of(2018, 6, 29);
    static final String THEMATIC_SUMMARY = "Sơ kết đợt thi đua chào mừng kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra "
            + "Lời kêu gọi thi đua ái quốc";

    static final List<KeyTaskDef> KEY_TASKS = List.of(
            task(1, "xây dựng, thẩm định văn bản quy phạm pháp luật",
                    indicator("TT1", "Dự thảo văn bản quy phạm pháp luật được thẩm định đúng thời hạn", "%", 100),
                    indicator("TT2", "Dự thảo văn bản được góp ý", "văn bản", 24)),
            task(2, "kiểm tra, rà soát, hệ thống hóa văn bản quy phạm pháp luật",
                    indicator("TT3", "Văn bản được tự kiểm tra sau khi ban hành", "văn bản", 40),
                    indicator("TT4", "Văn bản trái pháp luật được phát hiện và kiến nghị xử lý", "%", 100)),
            task(3, "phổ biến, giáo dục pháp luật và hòa giải ở cơ sở",
                    indicator("TT5", "Hội nghị, buổi tuyên truyền, phổ biến pháp luật", "cuộc", 24),
                    indicator("TT6", "Vụ việc hòa giải ở cơ sở đã tiếp nhận", "vụ việc", 60),
                    indicator("TT7", "Tỷ lệ vụ việc hòa giải thành", "%", 80)),
            task(4, "đăng ký, quản lý hộ tịch và chứng thực",
                    indicator("TT8", "Hồ sơ hộ tịch, chứng thực được giải quyết đúng hạn", "%", 100),
                    indicator("TT9", "Công chức Tư pháp – Hộ tịch cấp xã được tập huấn nghiệp vụ", "người", 30)),
            task(5, "trợ giúp pháp lý và bổ trợ tư pháp",
                    indicator("TT10", "Vụ việc trợ giúp pháp lý được thực hiện", "vụ việc", 40)),
            task(6, "theo dõi thi hành pháp luật và quản lý công tác xử lý vi phạm hành chính",
                    indicator("TT11", "Cuộc kiểm tra tình hình thi hành pháp luật", "cuộc", 4),
                    indicator("TT12", "Quyết định xử phạt vi phạm hành chính được cập nhật vào cơ sở dữ liệu", "%", 100)),
            task(7, "cải cách hành chính, ứng dụng công nghệ thông tin",
                    indicator("TT13", "Thủ tục hành chính được giải quyết đúng hạn", "%", 100),
                    indicator("TT14", "Văn bản đi, đến được xử lý trên môi trường mạng", "%", 90)),
            task(8, "xây dựng xã đạt chuẩn tiếp cận pháp luật",
                    indicator("TT15", "Xã được hướng dẫn tự đánh giá tiêu chí tiếp cận pháp luật", "xã", 20),
                    indicator("TT16", "Tủ sách pháp luật được bổ sung tài liệu", "tủ sách", 10),
                    indicator("TT17", "Xã được kiểm tra công tác hòa giải, tiếp cận pháp luật", "xã", 8)));

    private Catalogue() {
    }

    private static KeyTaskDef task(int no, String subject, IndicatorDef... indicators) {
        return new KeyTaskDef(no, "Nhiệm vụ trọng tâm %d (minh hoạ): %s".formatted(no, subject), List.of(indicators));
    }

    private static IndicatorDef indicator(String code, String name, String unit, int target) {
        return new IndicatorDef(code, name, unit, BigDecimal.valueOf(target));
    }

    static MovementDef movement(String code) {
        return MOVEMENTS.stream().filter(m -> m.code().equals(code)).findFirst().orElseThrow();
    }
}
