package org.evidencevault.communications;

import java.util.Objects;
import org.evidencevault.common.Checks;

/** A letter cites an earlier letter by its identity ("see OTH 211/2021"), optionally noting where. The note is sealed. */
public record CommunicationCitation(CommunicationKey key, String note) {

    public CommunicationCitation {
        Objects.requireNonNull(key, "key");
        new Checks().maxLength(note, 2000, "note").throwIfAny();
    }
}
