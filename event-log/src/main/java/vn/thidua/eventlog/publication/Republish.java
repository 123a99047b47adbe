package vn.thidua.eventlog.publication;

import com.mongodb.ReadConcern;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * {@code ./republish.sh [--from N] [--to M]}: the operator command that sends log positions N..M (default: all that
 * were published) to the event topic again, after the topic was lost or truncated ({@link Republisher}). It reads the
 * services' own settings from the environment: {@code MONGODB_URI}, {@code MONGODB_DATABASE},
 * {@code KAFKA_BOOTSTRAP_SERVERS}, {@code THIDUA_TOPIC}, {@code THIDUA_TOPIC_PARTITIONS},
 * {@code THIDUA_TOPIC_REPLICATION}, {@code THIDUA_PUBLICATION_LEASE}. Exit 0 done, 1 refused or failed, 2 bad usage.
 */
public final class Republish {

    static final String USAGE = "usage: republish [--from N] [--to M]   (log positions; default: from 1 to the last "
            + "published; settings from MONGODB_URI, MONGODB_DATABASE, KAFKA_BOOTSTRAP_SERVERS, THIDUA_TOPIC ...)";

    private Republish() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs as the command line does; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        long from = 1;
        long to = Long.MAX_VALUE;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--from" -> from = Long.parseLong(value(args, ++i, "--from"));
                    case "--to" -> to = Long.parseLong(value(args, ++i, "--to"));
                    case "-h", "--help" -> {
                        out.println(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("republish: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        PublisherSettings settings = new PublisherSettings(env.getOrDefault("THIDUA_TOPIC", "thidua.events"),
                Integer.parseInt(env.getOrDefault("THIDUA_TOPIC_PARTITIONS", "6")),
                Short.parseShort(env.getOrDefault("THIDUA_TOPIC_REPLICATION", "1")), 500, Duration.ofMillis(25),
                Duration.ofSeconds(3), duration(env.getOrDefault("THIDUA_PUBLICATION_LEASE", "10s")));
        String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
        try (MongoClient client = MongoClients.create(env.getOrDefault("MONGODB_URI", "mongodb://127.0.0.1:27017"))) {
            Republisher republisher = new Republisher(client.getDatabase(env.getOrDefault("MONGODB_DATABASE", "thidua_events"))
                    .withWriteConcern(WriteConcern.MAJORITY).withReadConcern(ReadConcern.MAJORITY),
                    bootstrap, settings, Clock.systemUTC());
            Republisher.Outcome o = republisher.republish(from, to);
            out.printf("Republished positions %d to %d to %s (%d events, %d gaps)%s; the publisher resumes after %d%n",
                    o.from(), o.to(), settings.topic(), o.events(), o.gaps(),
                    to != Long.MAX_VALUE && o.to() < to ? " — positions after %d were not published yet".formatted(o.to()) : "",
                    o.cursor());
            return 0;
        } catch (Republisher.RangeRefused e) {
            err.println("republish: refused: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("republish: failed: " + e.getMessage());
            return 1;
        }
    }

    /** A duration as the services' settings write it: {@code 500ms}, {@code 10s}, {@code 1m}. */
    static Duration duration(String text) {
        String t = text.strip().toLowerCase(java.util.Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        return Duration.parse("PT" + t.toUpperCase(java.util.Locale.ROOT));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " takes a log position");
        }
        return args[i];
    }
}
