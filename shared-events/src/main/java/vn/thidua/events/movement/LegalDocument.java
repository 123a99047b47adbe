package vn.thidua.events.movement;

import java.time.LocalDate;

/**
 * A document a movement was launched by or rests on, e.g. Kế hoạch số 02/KH-STP ngày 09/01/2018.
 *
 * @param number   the official number, e.g. {@code 02/KH-STP}
 * @param kind     plan, decision, directive or resolution
 * @param issuer   the issuing body, e.g. {@code Sở Tư pháp tỉnh Bắc Giang}
 * @param issuedOn the date of issue
 * @param title    the document's title (trích yếu)
 */
public record LegalDocument(String number, DocumentKind kind, String issuer, LocalDate issuedOn, String title) {
}
