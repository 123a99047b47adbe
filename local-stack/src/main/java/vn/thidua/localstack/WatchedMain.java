package vn.thidua.localstack;

import vn.thidua.security.ParentWatch;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * {@code WatchedMain <main class> args…}: runs the main class with its arguments, ending when the launcher named by
 * {@code THIDUA_PARENT_PID} is gone ({@link ParentWatch}). The launcher starts the MongoDB-wire server and the Kafka
 * broker through it; the services watch their launcher in their own {@code main}.
 */
public final class WatchedMain {

    private WatchedMain() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length == 0) {
            System.err.println("usage: " + WatchedMain.class.getName() + " MAIN_CLASS [ARGS...]");
            System.exit(2);
        }
        ParentWatch.fromEnvironment();
        Class<?> main = Class.forName(args[0]);
        MethodHandles.publicLookup().findStatic(main, "main", MethodType.methodType(void.class, String[].class))
                .invokeExact(Arrays.copyOfRange(args, 1, args.length));
    }
}
