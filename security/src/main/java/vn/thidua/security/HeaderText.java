package vn.thidua.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * The firewall's rule for header names and values and parameter names, without a regular expression.
 * <p>
 * Spring Security's {@link StrictHttpFirewall} checks every header value against the pattern
 * {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} each time the header is read, and a request's headers are read many
 * times (authentication, content negotiation, the idempotency filter …): with a long bearer token the pattern was a
 * large share of a service's CPU under load (docs/benchmarks-history.md). Same rule, as a loop over the code points.
 */
final class HeaderText {

    private HeaderText() {
    }

    /** Every code point assigned in Unicode and not a control character (what the default pattern accepts). */
    static boolean assignedAndNotControl(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (Character.isISOControl(codePoint) || !Character.isDefined(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(HeaderText::assignedAndNotControl);
        firewall.setAllowedHeaderValues(HeaderText::assignedAndNotControl);
        firewall.setAllowedParameterNames(HeaderText::assignedAndNotControl);
        return firewall;
    }
}
