package vn.thidua.command.structure;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import vn.thidua.reference.StructureVersion;

/**
 * Import a new version of one list of a province into the structure register.
 *
 * @param contentSha256 the SHA-256 of the CSV text, recorded so an auditor can match the file
 */
public record ImportStructureVersion(@TargetAggregateIdentifier String registerId, StructureVersion version,
                                     String contentSha256) {

    public static ImportStructureVersion of(StructureVersion version, String contentSha256) {
        return new ImportStructureVersion(StructureRegister.REGISTER_ID, version, contentSha256);
    }
}
