package vn.thidua.events.support;

/** The kinds of support a justice unit gives a commune. */
public enum SupportActivityType {
    /** Buổi tuyên truyền, phổ biến pháp luật. */
    LEGAL_DISSEMINATION,
    /** Tập huấn hòa giải viên ở cơ sở. */
    MEDIATOR_TRAINING,
    /** Tủ sách pháp luật. */
    LEGAL_BOOKCASE,
    /** Công tác hộ tịch, chứng thực. */
    CIVIL_STATUS,
    /** Rà soát, tự đánh giá xã đạt chuẩn tiếp cận pháp luật. */
    ACCESS_TO_LAW_REVIEW,
    /** Hoạt động khác. */
    OTHER
}
