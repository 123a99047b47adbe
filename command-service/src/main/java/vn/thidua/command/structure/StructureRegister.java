package vn.thidua.command.structure;

import vn.thidua.reference.StructureVersions;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import vn.thidua.events.structure.StructureVersionImported;
import vn.thidua.reference.StructureHistory;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The structure register: one stream for every province, so each import is checked against everything imported
 * before it (codes are national) and two imports at once cannot both land (the second collides on the stream's
 * sequence: {@code 409 concurrent-change}). Its state is the stream itself; the register it describes is folded by
 * {@link StructureFacts}.
 */
@Aggregate(cache = "aggregateCache")
public class StructureRegister {

    /** The register's stream. */
    public static final String REGISTER_ID = "structure";

    @AggregateIdentifier
    private String registerId;

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ImportStructureVersion cmd, StructureFacts facts, @MetaDataValue("provinceCode") String callerProvince) {
        StructureHistory register = facts.current();
        StructureRules.callerMayImportForTheProvince(callerProvince, cmd.version());
        StructureRules.onlyTheMinistryMergesProvinces(callerProvince, cmd.version(), register);
        StructureRules.versionFitsTheRegister(cmd.version(), register);
        apply(StructureVersions.event(REGISTER_ID, cmd.version(), cmd.contentSha256()));
    }

    @EventSourcingHandler
    void on(StructureVersionImported event) {
        registerId = event.registerId();
    }

    // Axon needs a no-arg constructor to rebuild the aggregate from its events (and to create it if missing).
    protected StructureRegister() {
    }
}
