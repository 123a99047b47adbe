package vn.thidua.events.movement;

/** The forms of an emulation movement (hình thức phong trào thi đua). */
public enum MovementKind {
    /** Sector-wide movement launched every year (phong trào thi đua thường xuyên của toàn ngành). */
    ANNUAL,
    /** Multi-year programme, e.g. "Ngành Tư pháp chung sức góp phần xây dựng nông thôn mới" 2016–2020. */
    MULTI_YEAR,
    /** Thematic movement (thi đua theo chuyên đề). */
    THEMATIC,
    /** Periodic movement for an urgent task (thi đua theo đợt). */
    PERIODIC
}
