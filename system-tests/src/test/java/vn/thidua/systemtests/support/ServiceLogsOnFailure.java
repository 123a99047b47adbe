package vn.thidua.systemtests.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Prints the tail of every tracked service's log when a test fails (the logs themselves stay under target/). */
public final class ServiceLogsOnFailure implements TestWatcher {

    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();

    public ServiceProcess track(ServiceProcess service) {
        services.add(service);
        return service;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        for (ServiceProcess s : services) {
            System.out.printf("%n----- %s failed; last lines of %s (%s):%n%s%n", context.getDisplayName(), s.name(),
                    s.logFile(), s.tail(80));
        }
    }
}
