package org.evidencevault.common;

/**
 * The case teams of the {@code demo} profile: the seed case and the demo officer belong to the Geneva desk;
 * a second demo officer works on the Mexico desk and sees none of the seed case (README, "Trying need-to-know").
 */
public final class DemoTeams {

    public static final String GENEVA = "geneva-desk";
    public static final String MEXICO = "mexico-desk";

    private DemoTeams() {
    }
}
