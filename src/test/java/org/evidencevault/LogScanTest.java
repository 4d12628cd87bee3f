package org.evidencevault;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.evidencevault.common.DemoTotpSecrets;
import org.evidencevault.security.DemoAccounts;
import org.evidencevault.support.SeedCaseRequests;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The logs of a whole test run hold no sensitive fixture value: none of the seed case's names, roles, notes, titles,
 * dates, addresses or letter texts (as the demo profile loads them and as the tests send them), no demo password or
 * TOTP secret, no key material of the example key file and no test credential. Each value is looked for as it is,
 * without accents, JSON-escaped, URL-encoded and in base64, ignoring case (short words as whole words only); a hit
 * names the file, the line and the value's label, never the value.
 *
 * <p>It runs after the suite, in its own surefire execution ({@code log-scan}, phase {@code verify}, pom.xml), over the
 * output surefire kept of every test class ({@code target/surefire-reports/*-output.txt}, and any {@code *.dumpstream});
 * the suite's own execution leaves it out, and without {@code vault.log-scan.dir} it is skipped. A scan of nothing
 * does not pass: it needs enough output, both log formats (the demo profile's plain text and the ECS JSON lines
 * of every other context), the store's start-up line and the seed case's "loaded" line (the values were in play).
 */
@EnabledIfSystemProperty(named = "vault.log-scan.dir", matches = ".+")
class LogScanTest {

    /** Below this much output the run cannot have been the whole suite. */
    private static final long MIN_BYTES = 100 * 1024;
    private static final int MIN_FILES = 20;
    /** Above this the logs are no longer bounded: a test or a log statement floods them. */
    private static final long MAX_BYTES = 256L * 1024 * 1024;

    /** A sensitive value and what to call it in a report (never the value itself). */
    record Secret(String label, String value) {
    }

    /** One form of a secret to look for, lower-cased; whole word only for short words. */
    record Needle(String label, String text, boolean wholeWord) {
    }

    private static List<Secret> secrets;
    private static List<Needle> needles;

    @BeforeAll
    static void needles() throws Exception {
        secrets = secrets();
        needles = needlesOf(secrets);
    }

    @Test
    void theLogsOfTheTestRunHoldNoSensitiveFixtureValue() throws IOException {
        Path dir = Path.of(System.getProperty("vault.log-scan.dir"));
        List<Path> files;
        try (Stream<Path> all = Files.list(dir)) {
            files = all.filter(f -> f.getFileName().toString().endsWith("-output.txt") || f.getFileName().toString().endsWith(".dumpstream"))
                    .sorted().toList();
        }
        long bytes = 0;
        boolean plainStoreLine = false;
        boolean jsonLine = false;
        boolean seedLoaded = false;
        List<String> hits = new ArrayList<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            bytes += text.length();
            plainStoreLine |= text.contains(" : store: embedded (");
            jsonLine |= text.contains("\"message\":\"store: embedded (") && text.contains("\"ecs\":{\"version\":");
            seedLoaded |= text.contains("demo seed case loaded: ");
            hits.addAll(scan(f.getFileName().toString(), text));
        }
        // all at once, so that a short run shows its hits too
        SoftAssertions checks = new SoftAssertions();
        checks.assertThat(files.size()).as("test output files in %s (a whole run)", dir).isGreaterThanOrEqualTo(MIN_FILES);
        checks.assertThat(bytes).as("characters of test output scanned").isBetween(MIN_BYTES, MAX_BYTES);
        checks.assertThat(plainStoreLine).as("a plain-text log line of the store's start (demo profile)").isTrue();
        checks.assertThat(jsonLine).as("an ECS JSON log line of the store's start (outside the demo profile)").isTrue();
        checks.assertThat(seedLoaded).as("the seed case was loaded in the run").isTrue();
        checks.assertThat(hits).as("sensitive fixture values in the logs of the test run (%d files, %d characters, %d forms of %d values)",
                files.size(), bytes, needles.size(), secrets.size()).isEmpty();
        checks.assertAll();
    }

    /** The scan sees every form it claims to: a value as it is, without accents, JSON-escaped, URL-encoded, in base64. */
    @Test
    void theScanFindsEachFormOfAValueAndNothingElse() throws Exception {
        String name = SeedCaseRequests.AGUILAR;
        byte[] utf8 = ("{\"fullName\":\"" + name + "\"}").getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(
                "INFO created " + name + " Zq1234",
                "{\"message\":\"" + name.toUpperCase(Locale.ROOT) + "\"}",
                "{\"message\":\"Mar\\u00EDa Luisa Aguilar Rodr\\u00edguez\"}",
                "name=Maria Luisa Aguilar Rodriguez",
                "GET /search?name=Mar%C3%ADa+Luisa+Aguilar+Rodr%C3%ADguez",
                "payload " + Base64.getEncoder().encodeToString(utf8),
                "payload x" + Base64.getUrlEncoder().withoutPadding().encodeToString(("ab" + name).getBytes(StandardCharsets.UTF_8)),
                "the Director said", "role: director.");
        for (String form : forms) {
            assertThat(scan("synthetic", form)).as(form).isNotEmpty();
        }
        assertThat(scan("synthetic", "see the data directory and the directors' notes; 2022-06-2 is no date"))
                .as("short words are whole words").isEmpty();
        assertThat(scan("synthetic", "first line\nx " + name)).isNotEmpty()
                .allMatch(hit -> hit.startsWith("synthetic:2: seed defender 0: ") && !hit.contains("Aguilar"), "file, line and label only");
    }

    // ---- what is sensitive ---------------------------------------------------------------------------------

    static List<Secret> secrets() throws Exception {
        JsonMapper json = JsonMapper.builder().build();
        List<Secret> s = new ArrayList<>();
        JsonNode seed = json.readTree(Files.readString(Path.of("src/main/resources/demo/seed-case.json")));
        Map<String, JsonNode> organisations = new LinkedHashMap<>();
        seed.path("organisations").forEach(o -> organisations.put(o.path("key").asString(), o));
        int d = 0;
        for (JsonNode defender : seed.path("defenders")) {
            String who = "seed defender " + d++;
            String fullName = defender.path("fullName").asString();
            s.add(new Secret(who + ": full name", fullName));
            String[] words = fullName.split(" ");
            s.add(new Secret(who + ": surnames", words[words.length - 2] + " " + words[words.length - 1]));
            s.add(new Secret(who + ": given names and first surname", String.join(" ", List.of(words).subList(0, words.length - 1))));
            s.add(new Secret(who + ": first surname", words[words.length - 2]));
            s.add(new Secret(who + ": role", defender.path("role").asString()));
            defender.path("consents").forEach(c -> s.add(new Secret(who + ": consent note", c.path("note").asString())));
            JsonNode org = organisations.get(defender.path("organisation").asString());
            if (org != null) {
                s.add(new Secret(who + ": organisation name", org.path("name").asString()));
                s.add(new Secret(who + ": organisation acronym", org.path("acronym").asString()));
            }
        }
        int i = 0;
        for (JsonNode incident : seed.path("incidents")) {
            String what = "seed incident " + i++;
            s.add(new Secret(what + ": title", incident.path("title").asString()));
            if (incident.has("contextNotes")) {
                s.add(new Secret(what + ": context notes", incident.path("contextNotes").asString()));
            }
            incident.path("infectionEvents").forEach(e -> {
                if (e.path("date").asString().length() == 10) {
                    s.add(new Secret(what + ": infection date", e.path("date").asString()));
                }
            });
            incident.path("forensicConfirmations").forEach(f -> {
                s.add(new Secret(what + ": lab report address", f.path("reportUrl").asString()));
                s.add(new Secret(what + ": notification date", f.path("triggerDate").asString()));
            });
        }
        int c = 0;
        for (JsonNode letter : seed.path("communications")) {
            String what = "seed letter " + c++;
            s.add(new Secret(what + ": addressee name", letter.path("addresseeName").asString()));
            if (letter.has("summary")) {
                s.add(new Secret(what + ": summary", letter.path("summary").asString()));
            }
            letter.path("replies").forEach(r -> {
                if (r.has("summary")) {
                    s.add(new Secret(what + ": reply summary", r.path("summary").asString()));
                }
            });
            letter.path("citedIncidents").forEach(n -> s.add(new Secret(what + ": citation note", n.path("note").asString())));
            letter.path("citedCommunications").forEach(n -> s.add(new Secret(what + ": citation note", n.path("note").asString())));
        }
        // fragments: what a log line would more likely hold than a whole text
        List<String> fragments = List.of("Prodh", "Ayotzinapa", "Cerocahui", "Dirty War", "Jesuit", "named themselves publicly",
                "Pegasus Project", "naturally very concerning", "According to the information received", "Whistleblowing policy",
                "citizenlab.ca/2023/04");
        for (int f = 0; f < fragments.size(); f++) {
            s.add(new Secret("seed fragment " + f, fragments.get(f)));
        }
        // what the tests send, modelled on the seed (SeedCaseRequests), beyond the seed's own values
        s.add(new Secret("test case: incident title", SeedCaseRequests.TITLE));
        s.add(new Secret("test case: consent note", "agreed that the case goes to the Special Rapporteur"));
        s.add(new Secret("test case: context notes", "defenders were denouncing violations by the Mexican Armed Forces"));
        s.add(new Secret("test evidence: sealed file name", "Informe Citizen Lab"));
        // credentials and key material
        for (Class<?> type : List.of(DemoAccounts.class, DemoTotpSecrets.class)) {
            for (Field f : type.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class
                        && (f.getName().endsWith("_PASSWORD") || f.getName().endsWith("_TOTP") || type == DemoTotpSecrets.class)) {
                    s.add(new Secret("demo credential " + type.getSimpleName() + "." + f.getName(), (String) f.get(null)));
                }
            }
        }
        JsonNode keys = json.readTree(Files.readString(Path.of("keys-example/vault-keys.json")));
        keys.path("keks").forEach(k -> s.add(new Secret("example key file: KEK material", k.path("material").asString())));
        s.add(new Secret("example key file: blind index key", keys.path("blindIndexKey").path("material").asString()));
        keys.path("auditSigningKeys").forEach(k -> {
            s.add(new Secret("example key file: Ed25519 private key", k.path("ed25519").asString()));
            s.add(new Secret("example key file: ML-DSA-65 private key", k.path("mlDsa65").asString()));
        });
        s.add(new Secret("test metrics scrape token", org.evidencevault.support.TestUsers.METRICS_SCRAPE_TOKEN));
        for (String prefix : List.of("quartz-lantern-", "amber-violin-station-", "pewter-harbour-lantern-")) {
            s.add(new Secret("test account password", prefix));
        }
        assertThat(s).as("the seed file and key file were read").hasSizeGreaterThan(40)
                .allMatch(x -> x.value() != null && x.value().length() >= 5, "no empty or tiny value");
        return s;
    }

    // ---- how it is looked for -------------------------------------------------------------------------------

    static List<Needle> needlesOf(List<Secret> secrets) {
        Map<String, Needle> out = new LinkedHashMap<>();
        for (Secret s : secrets) {
            boolean word = s.value().length() < 12 && s.value().matches("[\\p{L} ]+");
            add(out, s.label(), s.value(), word);
            String folded = Normalizer.normalize(s.value(), Normalizer.Form.NFD).replaceAll("\\p{M}", "");
            add(out, s.label() + " (without accents)", folded, word);
            add(out, s.label() + " (JSON-escaped)", jsonEscaped(s.value()), word);
            String url = URLEncoder.encode(s.value(), StandardCharsets.UTF_8);
            add(out, s.label() + " (URL-encoded)", url, false);
            add(out, s.label() + " (URL-encoded)", url.replace("+", "%20"), false);
            for (String b64 : base64Cores(s.value().getBytes(StandardCharsets.UTF_8))) {
                add(out, s.label() + " (base64)", b64, false);
            }
            if (s.value().length() > 48) {
                // a long text cut short in a log line: its beginning and its end
                add(out, s.label() + " (beginning)", s.value().substring(0, 32), false);
                add(out, s.label() + " (end)", s.value().substring(s.value().length() - 32), false);
            }
        }
        return List.copyOf(out.values());
    }

    private static void add(Map<String, Needle> out, String label, String text, boolean word) {
        out.putIfAbsent(text.toLowerCase(Locale.ROOT), new Needle(label, text.toLowerCase(Locale.ROOT), word));
    }

    private static String jsonEscaped(String value) {
        StringBuilder b = new StringBuilder();
        for (char ch : value.toCharArray()) {
            b.append(ch < 0x80 ? String.valueOf(ch) : String.format("\\u%04x", (int) ch));
        }
        return b.toString();
    }

    /**
     * The part of the value's base64 that does not depend on the bytes around it, at each of the three alignments it
     * can have in a longer base64 text, standard and URL-safe alphabets; none for values too short to tell apart.
     */
    private static List<String> base64Cores(byte[] value) {
        List<String> cores = new ArrayList<>();
        if (value.length < 12) {
            return cores;
        }
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + value.length];
            System.arraycopy(value, 0, shifted, shift, value.length);
            String enc = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            int from = shift == 0 ? 0 : shift == 1 ? 2 : 3;
            int to = shifted.length % 3 == 0 ? enc.length() : enc.length() - 1;
            String core = enc.substring(from, to);
            cores.add(core);
            cores.add(core.replace('+', '-').replace('/', '_'));
        }
        return cores;
    }

    /** "file:line: label" for each needle found in the text (once per needle and file). */
    static List<String> scan(String file, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> hits = new ArrayList<>();
        for (Needle n : needles) {
            for (int at = lower.indexOf(n.text()); at >= 0; at = lower.indexOf(n.text(), at + 1)) {
                if (n.wholeWord() && (letterOrDigit(lower, at - 1) || letterOrDigit(lower, at + n.text().length()))) {
                    continue;
                }
                hits.add(file + ":" + line(text, at) + ": " + n.label());
                break;
            }
        }
        return hits;
    }

    private static boolean letterOrDigit(String s, int i) {
        return i >= 0 && i < s.length() && Character.isLetterOrDigit(s.charAt(i));
    }

    private static int line(String text, int at) {
        int line = 1;
        for (int i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
            line++;
        }
        return line;
    }
}
