package vn.thidua.projection.documents;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.List;

/**
 * One bulk of inserts (new documents) and replacements conditional on a unique revision key: if a replacement
 * matched nothing or an insert collided, another instance wrote first, and the caller reads and folds again.
 */
final class ConditionalWrites {

    private ConditionalWrites() {
    }

    static void write(MongoCollection<Document> documents, List<WriteModel<Document>> writes, String what) {
        if (writes.isEmpty()) {
            return;
        }
        try {
            BulkWriteResult result = documents.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            long replacements = writes.stream().filter(w -> w instanceof ReplaceOneModel).count();
            if (result.getMatchedCount() != replacements) {
                throw new ConcurrentWrite(what);
            }
        } catch (MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().allMatch(err -> err.getCode() == 11000)) {
                throw new ConcurrentWrite(what);
            }
            throw e;
        }
    }
}
