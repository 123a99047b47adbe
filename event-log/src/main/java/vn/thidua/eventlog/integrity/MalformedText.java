package vn.thidua.eventlog.integrity;

/**
 * A string that is not well-formed Unicode (an unpaired UTF-16 surrogate) was to be hashed. It has no UTF-8 encoding,
 * so it is refused rather than replaced: a replacement would hash other bytes than the database stores.
 */
public final class MalformedText extends IllegalArgumentException {

    public MalformedText(String message) {
        super(message);
    }
}
