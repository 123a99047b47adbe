package vn.thidua.command.rules;

/** The caller may not act on this object, e.g. a unit's reporter on another unit's result (HTTP 403). */
public class Forbidden extends RuntimeException {

    public Forbidden(String reason) {
        super(reason);
    }
}
