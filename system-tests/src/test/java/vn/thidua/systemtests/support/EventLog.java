package vn.thidua.systemtests.support;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;

import java.util.HashSet;
import java.util.Set;

/** The command side's event log as stored: collection {@code events}, one document per commit or sealed gap. */
public final class EventLog {

    /** What the log holds: the stored events ({@code aggregateId#sequence}), the number of commits and of gaps. */
    public record Contents(Set<String> events, int commits, int gaps) {
    }

    private EventLog() {
    }

    public static Contents read(String mongoUri, String database) {
        try (MongoClient client = MongoClients.create(mongoUri)) {
            Set<String> events = new HashSet<>();
            int commits = 0;
            int gaps = 0;
            // in bounded batches: the embedded server does not cap a reply at 16 MB as MongoDB does (a long run's log
            // outgrew the driver's 48 MB message limit in one reply)
            for (Document d : client.getDatabase(database).getCollection("events").find().batchSize(1000)) {
                if (d.getBoolean("gap", false)) {
                    gaps++;
                    continue;
                }
                commits++;
                String aggregateId = d.getString("aggregateId");
                for (Document e : d.getList("events", Document.class)) {
                    if (!events.add(aggregateId + "#" + e.getLong("seq"))) {
                        throw new AssertionError("The log stores event " + aggregateId + "#" + e.getLong("seq") + " twice");
                    }
                }
            }
            return new Contents(events, commits, gaps);
        }
    }
}
