package org.evidencevault.communications;

import java.time.LocalDate;
import org.evidencevault.common.Checks;

/**
 * A reply to a letter: when it was received, from whom, what it says, and the reply document. Whether
 * it was late and how many days it took are derived from the letter ({@link CommunicationDetails#isLate}).
 */
public record Reply(LocalDate receivedOn, String from, String summary, DocumentRef document) {

    public Reply {
        new Checks()
                .requirePresent(receivedOn, "receivedOn")
                .maxLength(from, 300, "from")
                .maxLength(summary, 20_000, "summary")
                .throwIfAny();
    }
}
