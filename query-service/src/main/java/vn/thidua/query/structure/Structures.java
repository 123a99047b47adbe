package vn.thidua.query.structure;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import vn.thidua.projection.ReadModelSpace;
import vn.thidua.projection.generation.Generations;
import vn.thidua.reference.ReferenceData;
import vn.thidua.reference.StructureHistory;
import vn.thidua.reference.StructureList;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The structure register as the reports know it: the lists the deployment starts with ({@link ReferenceData}) and
 * every version imported since ({@link StructureRegisterProjection}). Kept, and folded again only when the number of
 * stored versions changed (one count per use).
 */
@Component
public class Structures {

    private final Supplier<ReadModelSpace> live;
    private final ReferenceData lists;
    private final AtomicReference<Folded> kept;

    private record Folded(StructureHistory history, long versions) {
    }

    /** Over the collections under their logical names (tests). */
    public Structures(MongoDatabase database, ReferenceData lists) {
        this(() -> ReadModelSpace.of(database), lists);
    }

    @Autowired
    public Structures(Generations generations, ReferenceData lists) {
        this(generations::live, lists);
    }

    private Structures(Supplier<ReadModelSpace> live, ReferenceData lists) {
        this.live = live;
        this.lists = lists;
        this.kept = new AtomicReference<>(new Folded(StructureHistory.startingWith(lists), 0));
    }

    public StructureHistory current() {
        MongoCollection<Document> versions = live.get().collection(StructureRegisterProjection.COLLECTION);
        long count = versions.countDocuments();
        Folded known = kept.get();
        if (known.versions() == count) {
            return known.history();
        }
        StructureHistory history = StructureHistory.startingWith(lists);
        for (Document d : versions.find().sort(Sorts.ascending("_id"))) {
            history = history.with(StructureRegisterProjection.version(d));
        }
        kept.set(new Folded(history, count));
        return history;
    }

    /** The province a justice unit belongs to; a unit the register does not know belongs to the deployment's first province. */
    public String provinceOfUnit(String unitId) {
        return unitProvinces().apply(unitId);
    }

    /** {@link #provinceOfUnit} for many units, on one state of the register (one count, however many units). */
    public UnaryOperator<String> unitProvinces() {
        StructureHistory history = current();
        return unitId -> history.provinceOf(StructureList.UNITS, unitId).orElse(lists.provinceCode());
    }

    /** The province of the lists the deployment starts with (the province of data older than provinces as tenants). */
    public String firstProvince() {
        return lists.provinceCode();
    }
}
