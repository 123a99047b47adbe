package vn.thidua.demo;

import java.util.List;

/**
 * Requests that must be sent one after the other, in this order: all the requests of one aggregate (a movement,
 * a commune's support, a task result). Chains of one {@link Phase} are independent and run in parallel.
 */
public record Chain(String name, List<DemoRequest> requests) {

    public Chain {
        requests = List.copyOf(requests);
    }
}
