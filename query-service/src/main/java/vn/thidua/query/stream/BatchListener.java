package vn.thidua.query.stream;

import java.util.List;

/**
 * Told of each batch the consumer has applied to every projection and committed: what was just written to the read
 * models. Called on the consumer's thread, so it must return at once (hand the work to another thread) and never
 * throw.
 */
@FunctionalInterface
public interface BatchListener {

    void applied(List<DomainEvent> events);
}
