package vn.thidua.command.structure;

import vn.thidua.reference.StructureHistory;

/**
 * The structure register as its events stand now, for the rules of every aggregate that names a unit or a commune.
 * Injected into command handlers by Axon; tests give a fixed register.
 */
@FunctionalInterface
public interface StructureFacts {

    StructureHistory current();
}
