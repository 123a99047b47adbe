package vn.thidua.command.submission;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.thidua.testing.Infrastructure;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Attempts of one key racing in one instance: the first answers while the others look at its claim. None may take over
 * a claim that was answered in the meantime (it would run the submission a second time, or answer it afresh).
 */
class ConcurrentClaimsTest {

    final MongoClient mongo = MongoClients.create(Infrastructure.mongoUri());
    final MongoDatabase database = mongo.getDatabase("claims_" + UUID.randomUUID().toString().substring(0, 8));
    final Submissions store = new Submissions(database, Duration.ofMinutes(1), Clock.systemUTC());

    @AfterEach
    void close() {
        database.drop();
        mongo.close();
    }

    @Test
    void an_attempt_never_takes_over_a_claim_answered_by_another_attempt_of_this_instance() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Submissions.Claim> claims = new ArrayList<>();
        try {
            for (int round = 0; round < 300; round++) {
                String id = UUID.randomUUID().toString();
                CyclicBarrier start = new CyclicBarrier(4);
                List<Callable<Submissions.Claim>> attempts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    attempts.add(() -> {
                        start.await();
                        Submissions.Claim claim = store.claim(id, "fingerprint");
                        if (claim instanceof Submissions.Claim.Owned owned) {
                            store.answer(owned.lease(), new SubmissionRecord(201, Map.of(), "{}"));
                        }
                        return claim;
                    });
                }
                for (Future<Submissions.Claim> f : pool.invokeAll(attempts)) {
                    claims.add(f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claims).filteredOn(c -> c instanceof Submissions.Claim.Owned o && o.takeover()).isEmpty();
        assertThat(claims).filteredOn(c -> c instanceof Submissions.Claim.Owned).hasSize(300);
    }
}
