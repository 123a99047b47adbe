package vn.thidua.command.rules;

import vn.thidua.reference.ReferenceData;

/** Commands name units and communes by their official codes; an unknown code is bad input. */
public final class ReferenceRules {

    private ReferenceRules() {
    }

    public static void unitIsKnown(String unitId, ReferenceData reference) {
        if (reference.unit(unitId).isEmpty()) {
            throw new InvalidCommand("unit-unknown", "unitId",
                    "%s is not a unit of the reference list %s".formatted(unitId, reference.version()));
        }
    }

    public static void communeIsKnown(String communeCode, ReferenceData reference) {
        if (reference.commune(communeCode).isEmpty()) {
            throw new InvalidCommand("commune-unknown", "communeCode",
                    "%s is not a commune code of the reference list %s (5-digit GSO code)"
                            .formatted(communeCode, reference.version()));
        }
    }
}
