package vn.thidua.query.structure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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

import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The structure register as the reports know it: the lists the deployment starts with ({@link ReferenceData}) and
 * every version imported since ({@link StructureRegisterProjection}), as the live read models or a report as of an
 * instant hold them. Kept, and folded again only for a number of stored versions not seen yet (one count per use).
 */
@Component
public class Structures {

    private final Supplier<ReadModelSpace> live;
    private final ReferenceData lists;
    /**
     * The registers folded, by how many versions they hold. Every space holds a prefix of the register's stream (the
     * live one all of it, a report as of an instant the versions imported up to it), so the count names the register.
     */
    private final Cache<Long, StructureHistory> folded = Caffeine.newBuilder().maximumSize(8).build();

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
    }

    /** The register as it stands (the live read models). */
    public StructureHistory current() {
        return in(live.get());
    }

    /**
     * The register as a space holds it: the live read models, or a fold as of an instant (the versions imported up to
     * it, none imported later).
     */
    public StructureHistory in(ReadModelSpace space) {
        MongoCollection<Document> versions = space.collection(StructureRegisterProjection.COLLECTION);
        long count = versions.countDocuments();
        return folded.get(count, n -> {
            StructureHistory history = StructureHistory.startingWith(lists);
            for (Document d : versions.find().sort(Sorts.ascending("_id"))) {
                history = history.with(StructureRegisterProjection.version(d));
            }
            return history;
        });
    }

    /** The province a justice unit belongs to; a unit the register does not know belongs to the deployment's first province. */
    public String provinceOfUnit(String unitId) {
        return unitProvinces().apply(unitId);
    }

    /** {@link #provinceOfUnit} for many units, on one state of the register (one count, however many units). */
    public UnaryOperator<String> unitProvinces() {
        return unitProvinces(live.get());
    }

    /** {@link #unitProvinces()} by the register as a space holds it. */
    public UnaryOperator<String> unitProvinces(ReadModelSpace space) {
        StructureHistory history = in(space);
        return unitId -> history.provinceOf(StructureList.UNITS, unitId).orElse(lists.provinceCode());
    }

    /** The province of the lists the deployment starts with (the province of data older than provinces as tenants). */
    public String firstProvince() {
        return lists.provinceCode();
    }
}
