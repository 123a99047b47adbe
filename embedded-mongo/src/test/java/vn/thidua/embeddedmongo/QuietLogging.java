package vn.thidua.embeddedmongo;

/**
 * Turns the MongoDB driver's and mongo-java-server's per-connection INFO logging down to WARN (slf4j-simple
 * reads these properties once, when the first logger is created, so this only helps if called early).
 */
final class QuietLogging {

    private QuietLogging() {
    }

    static void apply() {
        setIfAbsent("org.slf4j.simpleLogger.log.org.mongodb.driver", "warn");
        setIfAbsent("org.slf4j.simpleLogger.log.de.bwaldvogel.mongo", "warn");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
