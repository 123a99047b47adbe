package vn.thidua.query.validation;

/** A parameter that is not valid with the others (400), named with what is wrong with it. */
public class InvalidParameter extends RuntimeException {

    private final String field;

    public InvalidParameter(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The parameter's name, as the request has it. */
    public String field() {
        return field;
    }
}
