package org.evidencevault.ui;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.evidencevault.common.PartialDate;

/**
 * A timeline drawn on the server as SVG (no chart library, no script): events placed on one axis by the first day
 * they may have happened, with the same events as an ordered list for screen readers and for anyone who would rather
 * read. Dates keep their precision: a month is shown as a month, never as its first day.
 */
final class Timeline {

    /** The kinds of event, each with its message key and its mark's colour class (never the only cue: the list names them). */
    enum Kind {
        INFECTION("timeline.infection"), TRIGGER("timeline.trigger"), CONFIRMATION("timeline.confirmation"),
        PUBLICATION("timeline.publication"), LETTER("timeline.letter"), DEADLINE("timeline.deadline"), REPLY("timeline.reply");

        final String key;

        Kind(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        public String css() {
            return "vault-tl--" + name().toLowerCase(Locale.ROOT);
        }
    }

    /** One event: what, when (as precise as known), and a detail shown next to it (a letter's reference). */
    record Event(Kind kind, PartialDate date, String detail) {
    }

    /** An event placed on the drawing: x of its mark, its row (so close marks do not overlap), its text for the list. */
    record Placed(Event event, int x, int row, String when) {
        public int y() {
            return TOP + row * ROW;
        }

        public String key() {
            return event.kind().key();
        }

        public String css() {
            return event.kind().css();
        }

        public String detail() {
            return event.detail();
        }
    }

    static final int WIDTH = 900;
    static final int LEFT = 20;
    static final int RIGHT = 20;
    static final int TOP = 30;
    static final int ROW = 22;
    static final int ROWS = 4;

    private final List<Placed> placed;
    /** The rows the marks take (close marks are stacked), so that the drawing is no taller than it needs. */
    private final int rows;
    private final List<Tick> ticks;

    /** A year on the axis. */
    record Tick(int x, String label) {
    }

    private Timeline(List<Placed> placed, List<Tick> ticks) {
        this.rows = placed.stream().mapToInt(Placed::row).max().orElse(0) + 1;
        this.placed = placed;
        this.ticks = ticks;
    }

    static Timeline of(List<Event> events, Locale locale) {
        List<Event> sorted = events.stream().filter(e -> e.date() != null)
                .sorted(Comparator.comparing((Event e) -> e.date().earliest()).thenComparing(e -> e.kind().ordinal())).toList();
        if (sorted.isEmpty()) {
            return new Timeline(List.of(), List.of());
        }
        LocalDate first = sorted.get(0).date().earliest().withDayOfYear(1);
        LocalDate last = sorted.stream().map(e -> e.date().latest()).max(Comparator.naturalOrder()).orElseThrow()
                .withDayOfYear(1).plusYears(1);
        long days = Math.max(1, ChronoUnit.DAYS.between(first, last));
        int span = WIDTH - LEFT - RIGHT;
        List<Placed> placed = new ArrayList<>();
        int[] lastX = new int[ROWS];
        java.util.Arrays.fill(lastX, Integer.MIN_VALUE);
        for (Event e : sorted) {
            int x = LEFT + (int) (span * ChronoUnit.DAYS.between(first, e.date().earliest()) / days);
            int row = 0;
            while (row < ROWS - 1 && x - lastX[row] < 14) {
                row++;
            }
            lastX[row] = x;
            placed.add(new Placed(e, x, row, when(e.date(), locale)));
        }
        List<Tick> ticks = new ArrayList<>();
        for (LocalDate y = first; !y.isAfter(last); y = y.plusYears(1)) {
            ticks.add(new Tick(LEFT + (int) (span * ChronoUnit.DAYS.between(first, y) / days), Integer.toString(y.getYear())));
        }
        return new Timeline(placed, ticks);
    }

    /** A partial date as people write it in {@code locale}: a day, a month and year, a year, or a range of them. */
    static String when(PartialDate d, Locale language) {
        // English dates as the rest of the world writes them (22 June 2022), not as in the United States
        Locale locale = "en".equals(language.getLanguage()) ? Locale.UK : language;
        return switch (d.precision()) {
            case DAY -> LocalDate.parse(d.value()).format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
            // a month and its year as each language writes them (Java 17 has no localized month-year skeleton)
            case MONTH -> d.earliest().format(DateTimeFormatter.ofPattern("es".equals(locale.getLanguage()) ? "LLLL 'de' yyyy" : "LLLL yyyy", locale));
            case YEAR -> d.value();
            case RANGE -> {
                String[] ends = d.value().split("/");
                yield when(PartialDate.of(ends[0]), locale) + " – " + when(PartialDate.of(ends[1]), locale);
            }
        };
    }

    public List<Placed> getPlaced() {
        return placed;
    }

    public List<Tick> getTicks() {
        return ticks;
    }

    public boolean isEmpty() {
        return placed.isEmpty();
    }

    public int getWidth() {
        return WIDTH;
    }

    public int getHeight() {
        return getAxisY() + 30;
    }

    public int getAxisY() {
        return TOP + rows * ROW;
    }
}
