package org.ciers.smtp.rmta.offline;

import java.time.Instant;
import java.util.Objects;

import org.ciers.smtp.rmta.CiersValidation;

/** What the offline checks of spec §10 made of a message ID, and so what the CIERS line answers. */
public sealed interface OfflineVerdict {
    /** Every check passed at {@code validatedAt} and the ID is now remembered: 250, once its receipt is recorded. */
    record Accepted(CiersValidation validation, Instant validatedAt) implements OfflineVerdict {
        public Accepted {
            Objects.requireNonNull(validation, "validation");
            Objects.requireNonNull(validatedAt, "validatedAt");
        }
    }

    /** A check failed: 550, the same answer as the authority's denial. */
    record Denied(String reason) implements OfflineVerdict {
    }

    /** The ID passed every check but there is no room to remember it: 454, never an unchecked accept. */
    record ReplayCacheFull() implements OfflineVerdict {
    }

    /** This server cannot check the ID itself (not signed, no key set, no domain list): the authority is asked. */
    record Unverifiable(String reason) implements OfflineVerdict {
    }
}
