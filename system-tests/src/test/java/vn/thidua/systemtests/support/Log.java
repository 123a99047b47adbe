package vn.thidua.systemtests.support;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines of the system tests on the console (the service processes log to files). */
public final class Log {

    private Log() {
    }

    public static void line(String format, Object... args) {
        System.out.println("[system-tests " + LocalTime.now().truncatedTo(ChronoUnit.MILLIS) + "] " + format.formatted(args));
        System.out.flush();
    }
}
