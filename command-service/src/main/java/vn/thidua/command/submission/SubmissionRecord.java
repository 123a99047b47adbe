package vn.thidua.command.submission;

import java.util.Map;

/**
 * The answer given to the first attempt of a submission, replayed to every retry with the same key.
 *
 * @param status  the HTTP status
 * @param headers the headers worth replaying ({@code Location}, {@code Content-Type})
 * @param body    the body, UTF-8
 */
public record SubmissionRecord(int status, Map<String, String> headers, String body) {
}
