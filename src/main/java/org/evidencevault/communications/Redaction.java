package org.evidencevault.communications;

import org.evidencevault.common.Checks;
import org.evidencevault.incidents.DefenderId;

/**
 * Something withheld from the public version of a letter: a name (of a defender of the vault or of
 * someone else), another identifying detail, or anything else; the note says what and why. Sealed.
 */
public record Redaction(Kind kind, DefenderId defenderId, String note) {

    public enum Kind { NAME, IDENTIFYING_DETAIL, OTHER }

    public Redaction {
        new Checks()
                .requirePresent(kind, "kind")
                .maxLength(defenderId == null ? null : defenderId.value(), 100, "defenderId")
                .maxLength(note, 2000, "note")
                .throwIfAny();
    }
}
