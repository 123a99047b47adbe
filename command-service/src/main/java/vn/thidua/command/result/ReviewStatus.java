package vn.thidua.command.result;

/** Where a task result stands in its review. */
public enum ReviewStatus {
    /** Recorded or corrected, awaiting review (đã gửi). */
    SUBMITTED,
    /** Returned to the unit with a reason (trả lại). */
    RETURNED,
    /** Approved; final (đã duyệt). */
    APPROVED
}
