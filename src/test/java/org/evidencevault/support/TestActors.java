package org.evidencevault.support;

import org.evidencevault.common.Actor;
import org.evidencevault.common.DemoTeams;

/** Actors of tests that work below the HTTP API. */
public final class TestActors {

    /** The vault itself registering records for the demo officer's case team (as the demo seed does). */
    public static final Actor SEED = Actor.systemFor(DemoTeams.GENEVA);

    private TestActors() {
    }
}
