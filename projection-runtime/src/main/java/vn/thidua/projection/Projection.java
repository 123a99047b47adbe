package vn.thidua.projection;

import java.util.List;

/**
 * A read model fed from the event stream. {@link #apply} receives the events of one poll, in order per
 * aggregate; it must be idempotent (an event seen again changes nothing) and safe against another
 * instance applying the same events at the same time.
 */
public interface Projection {

    String name();

    void apply(List<DomainEvent> events);
}
