package vn.thidua.command.text;

/** The shape of the codes requests carry (movement codes, unit ids), for Bean Validation. */
public final class Codes {

    public static final String CODE = "[A-Z0-9][A-Z0-9-]{1,39}";
    public static final String CODE_MESSAGE = "must be 2–40 capital letters, digits or dashes";

    private Codes() {
    }
}
