package vn.thidua.query.taskresult;

/** No result of this id on the key-task board (404). */
public class TaskResultNotFound extends RuntimeException {

    public TaskResultNotFound(String resultId) {
        super("No result %s on the key-task board".formatted(resultId));
    }
}
