package vn.thidua.events.movement;

/** Kinds of legal document a movement rests on, by their Vietnamese abbreviation. */
public enum DocumentKind {
    /** Kế hoạch — plan. */
    KH,
    /** Quyết định — decision. */
    QD,
    /** Chỉ thị — directive. */
    CT,
    /** Nghị quyết — resolution. */
    NQ
}
