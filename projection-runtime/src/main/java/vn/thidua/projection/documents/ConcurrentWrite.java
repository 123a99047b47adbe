package vn.thidua.projection.documents;

/** Another instance changed a document between our read and our write: the batch is folded again, or retried later. */
public final class ConcurrentWrite extends RuntimeException {

    ConcurrentWrite(String what) {
        super("A %s document changed between read and write".formatted(what), null, false, false);
    }
}
