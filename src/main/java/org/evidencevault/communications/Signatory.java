package org.evidencevault.communications;

import org.evidencevault.common.Checks;

/** A mandate holder who signed the letter, and the title printed under the name. Public office: stored plain. */
public record Signatory(String name, String title) {

    public Signatory {
        new Checks()
                .requirePresent(name, "name")
                .maxLength(name, 300, "name")
                .maxLength(title, 500, "title")
                .identifying(name, "name")
                .identifying(title, "title")
                .throwIfAny();
    }
}
