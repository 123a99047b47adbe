package vn.thidua.command.rules;

/** The command names something that does not exist (HTTP 404), e.g. a movement that was never registered. */
public class NotFound extends RuntimeException {

    public NotFound(String reason) {
        super(reason);
    }
}
