package vn.thidua.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Loads the demo scenario (a Bắc Giang 2018 season, see {@link ScenarioGenerator}, then a 2026 season after the 2025
 * reform with the Ministry's movement and a second province, see {@link Season2026}) into a running command-service
 * through its public API, as the Ministry, the provinces and their units would: {@code ./demo.sh [--command-url URL]}.
 * <p>
 * Every request carries an {@code Idempotency-Key} derived from what it does, so running the loader again records
 * nothing: every answer is the first one, replayed. Every request carries its sender's bearer token ({@link Tokens}):
 * the province admin's for its acts, the unit reporter's of the unit concerned for results and activities, minted
 * with the local stack's key unless given. Prints a progress line every second and a summary at the end;
 * exits 0 when nothing was refused, 1 when something was, 2 when the service cannot be reached or a sender has no
 * token.
 */
public final class DemoLoader {

    static final String USAGE = """
            usage: ./demo.sh [options]      (or: java -jar demo/target/demo-0.1.0-SNAPSHOT.jar [options])
              --command-url URL   the command-service (default http://127.0.0.1:8081)
              --threads N         chains sent in parallel (default 4); one chain = one aggregate's requests, in order
              --max-attempts N    attempts per request when the answer is "retry in a moment" (default 8)
              --show-refusals N   how many refused requests to print in full (default 5)
              --key-dir DIR       the local stack's signing key, to mint each sender's token
                                  (default $THIDUA_DATA_DIR/keys, else ./data/keys: where ./run.sh creates it)
              --admin-token T     the PROVINCE_ADMIN token to send instead of a minted one
              --unit-token U=T    the UNIT_REPORTER token of unit U (repeatable) instead of a minted one
              --season S          2018, 2026 or all (default all: 2018, then 2026)
              --dry-run           print what the scenario contains and send nothing
              -h, --help          this text
            Running it twice records nothing the second time: every request carries a deterministic Idempotency-Key.
            A 429 (the sender's rate limit, THIDUA_RATE_LIMIT_PER_MINUTE of the services, 600 by default) is waited
            out and sent again: a stack started with a higher limit loads faster.""";

    private DemoLoader() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("[demo] " + e.getMessage());
            System.err.println(USAGE);
            System.exit(64);
            return;
        }
        if (options.help) {
            System.out.println(USAGE);
            return;
        }
        System.exit(run(options, System.out));
    }

    static int run(Options options, PrintStream out) throws InterruptedException {
        List<Phase> phases = new ArrayList<>();
        Scenario scenario = null;
        if (!options.season.equals("2026")) {
            Scenario season2018 = ScenarioGenerator.generate();
            out.printf("[demo] 2018 season (seed %d): %s%n", ScenarioGenerator.SEED, season2018.statistics());
            phases.addAll(season2018.phases());
            scenario = season2018;
        }
        if (!options.season.equals("2018")) {
            Scenario season2026 = Season2026.generate();
            out.printf("[demo] 2026 season (seed %d): %s%n", Season2026.SEED, season2026.statistics());
            phases.addAll(season2026.phases());
            scenario = scenario == null ? season2026 : scenario;
        }
        scenario = new Scenario(phases, scenario.statistics());
        out.printf("[demo] %d requests in %s%n", scenario.requestCount(), scenario.phases().stream()
                .map(p -> "%s (%d chains, %d requests)".formatted(p.name(), p.chains().size(), p.requestCount()))
                .collect(Collectors.joining(", then ")));
        out.printf("[demo] senders: %s%n", senders(scenario));
        if (options.dryRun) {
            return 0;
        }
        URI base = URI.create(options.commandUrl.endsWith("/") ? options.commandUrl : options.commandUrl + "/");
        HttpClient http = Sender.client();
        String health = health(http, base);
        if (health == null) {
            out.printf("[demo] command-service is not reachable at %s: start the system first (./run.sh), or pass "
                    + "--command-url%n", options.commandUrl);
            return 2;
        }
        Tokens tokens = Tokens.of(options.keyDir, options.adminToken, options.unitTokens);
        var missing = tokens.missing(scenario);
        if (!missing.isEmpty()) {
            out.printf("[demo] no token for %d senders (%s) and no local signing key at %s to mint them: tokens are "
                    + "minted only for a local stack (./run.sh creates the key on its first start; another data "
                    + "directory: --key-dir DIR/keys), or give them with --admin-token / --unit-token UNIT=TOKEN%n",
                    missing.size(), abbreviate(String.join(", ", missing)), options.keyDir.resolve("jwt-private.pem"));
            return 2;
        }
        out.printf("[demo] sending to %s (health: %s) with %d threads; tokens %s%n", options.commandUrl, health,
                options.threads, tokens.minting() ? "minted with the local key in " + options.keyDir : "as given");

        Tally tally = new Tally(scenario.requestCount(), options.showRefusals);
        Sender sender = new Sender(http, base, options.maxAttempts, tally, tokens);
        long started = System.nanoTime();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "demo-progress"));
        long[] last = {0, started};
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            int done = tally.done();
            double rate = (done - last[0]) / ((now - last[1]) / 1e9);
            last[0] = done;
            last[1] = now;
            out.println(progress(tally, rate));
        }, 1, 1, TimeUnit.SECONDS);

        ExecutorService pool = Executors.newFixedThreadPool(options.threads, r -> daemon(r, "demo-sender"));
        try {
            for (Phase phase : scenario.phases()) {
                List<Future<?>> futures = new ArrayList<>();
                for (Chain chain : phase.chains()) {
                    futures.add(pool.submit(() -> {
                        sender.run(chain);
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    try {
                        f.get();
                    } catch (ExecutionException e) {
                        throw new IllegalStateException("A chain failed unexpectedly", e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            ticker.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.println(progress(tally, tally.done() / Math.max(seconds, 0.001)));
        summary(tally, seconds, out);
        return tally.refusedCount() == 0 ? 0 : 1;
    }

    private static String progress(Tally tally, double rate) {
        return String.format(Locale.ROOT, "[demo] %d/%d requests (%.0f/s), %d refused%s%s", tally.done(), tally.total(),
                rate, tally.refusedCount(), tally.retries.get() == 0 ? "" : ", %d retried".formatted(tally.retries.get()),
                tally.throttled.get() == 0 ? "" : ", %d throttled (429, waited out)".formatted(tally.throttled.get()));
    }

    static void summary(Tally tally, double seconds, PrintStream out) {
        out.printf(Locale.ROOT, "[demo] done in %.1f s: %d requests of %d sent (%d HTTP exchanges, %d retries), "
                        + "%.0f requests/s%n", seconds, tally.done() - tally.skipped.get(), tally.total(),
                tally.exchanges.get(), tally.retries.get(), (tally.done() - tally.skipped.get()) / Math.max(seconds, 0.001));
        out.printf("[demo]   recorded now:  201 Created × %d, 202 Accepted × %d%s%n", tally.created.get(),
                tally.accepted.get(), tally.otherSuccess.get() == 0 ? "" : ", other 2xx × " + tally.otherSuccess.get());
        out.printf("[demo]   replayed (Idempotent-Replayed: true, nothing recorded): %d%n", tally.replayed.get());
        var refused = tally.refusedByStatus();
        out.printf("[demo]   refused: %s%n", refused.isEmpty() ? "none" : refused.entrySet().stream()
                .map(e -> (e.getKey() == 0 ? "no answer" : e.getKey()) + " × " + e.getValue())
                .collect(Collectors.joining(", ")));
        if (tally.skipped.get() > 0) {
            out.printf("[demo]   not sent (their chain stopped at a refusal): %d%n", tally.skipped.get());
        }
        if (tally.throttled.get() > 0) {
            out.printf("[demo]   throttled (429: the sender's rate limit; waited out and sent again): %d — a stack "
                    + "started with e.g. THIDUA_RATE_LIMIT_PER_MINUTE=100000 ./run.sh loads faster%n", tally.throttled.get());
        }
        if (refused.containsKey(401)) {
            out.println("[demo]   401: the service does not accept these tokens — is it the local stack whose key is "
                    + "in --key-dir (started by ./run.sh, profile 'local')? A deployment needs tokens of its issuer.");
        }
        if (tally.capturedDifferent.get() > 0) {
            out.printf("[demo]   result ids answered otherwise than expected (followed): %d%n", tally.capturedDifferent.get());
        }
        List<Tally.Refusal> first = tally.firstRefusals();
        if (!first.isEmpty()) {
            out.printf("[demo] the first %d refusals (a refusal is a bug in the scenario or in the API):%n", first.size());
            first.forEach(r -> out.println("[demo]   " + r));
        }
    }

    /** {@code UP}, another status, or {@code null} when nothing answers. */
    private static String health(HttpClient http, URI base) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("actuator/health"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            var body = Json.readOrNull(response.body());
            return body != null && body.has("status") ? body.get("status").asText() : "HTTP " + response.statusCode();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Who sends how much: the province admin, and the unit reporters. */
    static String senders(Scenario scenario) {
        long admin = scenario.requests().filter(r -> DemoRequest.PROVINCE_ADMIN.equals(r.role())).count();
        long reports = scenario.requests().filter(r -> DemoRequest.UNIT_REPORTER.equals(r.role())).count();
        long units = scenario.requests().filter(r -> DemoRequest.UNIT_REPORTER.equals(r.role()))
                .map(DemoRequest::unitId).distinct().count();
        String provinces = scenario.requests().map(DemoRequest::provinceCode).filter(java.util.Objects::nonNull).distinct()
                .sorted().collect(Collectors.joining(", "));
        return "PROVINCE_ADMIN %d requests, UNIT_REPORTER of %d units %d requests%s".formatted(admin, units, reports,
                provinces.isEmpty() ? "" : "; tokens naming " + provinces + " (the others: the stack's default province)");
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The command line. */
    static final class Options {
        String commandUrl = "http://127.0.0.1:8081";
        int threads = 4;
        int maxAttempts = 8;
        int showRefusals = 5;
        Path keyDir = Tokens.defaultKeyDir(System.getenv());
        String adminToken;
        Map<String, String> unitTokens = new LinkedHashMap<>();
        String season = "all";
        boolean dryRun;
        boolean help;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "-h", "--help" -> o.help = true;
                    case "--dry-run" -> o.dryRun = true;
                    case "--season" -> {
                        o.season = value(args, ++i, a);
                        if (!List.of("2018", "2026", "all").contains(o.season)) {
                            throw new IllegalArgumentException("--season must be 2018, 2026 or all: " + o.season);
                        }
                    }
                    case "--command-url" -> o.commandUrl = value(args, ++i, a);
                    case "--threads" -> o.threads = positive(args, ++i, a);
                    case "--max-attempts" -> o.maxAttempts = positive(args, ++i, a);
                    case "--show-refusals" -> o.showRefusals = Integer.parseInt(value(args, ++i, a));
                    case "--key-dir" -> o.keyDir = Path.of(value(args, ++i, a));
                    case "--admin-token" -> o.adminToken = token(value(args, ++i, a), a);
                    case "--unit-token" -> {
                        String v = value(args, ++i, a);
                        int eq = v.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException(a + " needs UNIT=TOKEN, e.g. PTP-213=eyJ…");
                        }
                        o.unitTokens.put(v.substring(0, eq), token(v.substring(eq + 1), a));
                    }
                    default -> {
                        if (a.startsWith("--command-url=")) {
                            o.commandUrl = a.substring("--command-url=".length());
                        } else {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                    }
                }
            }
            if (!o.commandUrl.startsWith("http://") && !o.commandUrl.startsWith("https://")) {
                throw new IllegalArgumentException("--command-url must be an http:// or https:// URL: " + o.commandUrl);
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        /** A token as given, without a {@code Bearer } prefix copied along with it. */
        private static String token(String value, String option) {
            String t = value.strip();
            if (t.regionMatches(true, 0, "Bearer ", 0, 7)) {
                t = t.substring(7).strip();
            }
            if (t.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a token");
            }
            return t;
        }

        private static int positive(String[] args, int i, String option) {
            try {
                int n = Integer.parseInt(value(args, i, option));
                if (n < 1) {
                    throw new IllegalArgumentException(option + " must be at least 1");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number");
            }
        }
    }
}
