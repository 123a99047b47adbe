package vn.thidua.events.support;

import java.time.LocalDate;

/**
 * The decision (quyết định) by which the province assigned a unit to support a commune.
 *
 * @param number   the decision's number, e.g. {@code 125/QĐ-STP}
 * @param issuedOn the date it was signed
 */
public record AssignmentDecision(String number, LocalDate issuedOn) {
}
