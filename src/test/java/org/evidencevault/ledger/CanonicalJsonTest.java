package org.evidencevault.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 8785 vectors that fit the integer/string subset: the sorting example of §3.2.3, the string and literal
 * parts of the §3.2.2 example with the UTF-8 bytes of §3.2.4, and the cyberphone/json-canonicalization
 * testdata (structures, weird, french, unicode); then the rejections.
 */
class CanonicalJsonTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static String canonical(String json) {
        return new String(CanonicalJson.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void sortsPropertiesByUtf16CodeUnitsAsRfc8785Section323() {
        String input = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        assertThat(canonical(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void escapesStringsAndWritesLiteralsAsRfc8785Section322() {
        String input = """
                {
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        byte[] out = CanonicalJson.canonicalize(input.getBytes(StandardCharsets.UTF_8));
        assertThat(new String(out, StandardCharsets.UTF_8))
                .isEqualTo("{\"literals\":[null,true,false],\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
        // the tail of the §3.2.4 UTF-8 bytes, from "string" on
        byte[] rfcTail = HexFormat.ofDelimiter(" ").parseHex("22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30"
                + " 30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d");
        assertThat(java.util.Arrays.copyOfRange(out, out.length - rfcTail.length, out.length)).isEqualTo(rfcTail);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            { "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { } } | {"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}
            { "peach": "This sorting order", "péché": "is wrong according to French", "pêche": "but canonicalization MUST", "sin": "ingnore locale" } | {"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}
            { "Unnormalized Unicode":"\\u1e0d\\u0307" } | {"Unnormalized Unicode":"ḍ̇"}
            [ 56, { "d": true, "10": null, "1": [ ] } ] | [56,{"1":[],"10":null,"d":true}]
            """)
    void matchesTheReferenceImplementationTestData(String input, String expected) {
        assertThat(canonical(input)).isEqualTo(expected);
    }

    @Test
    void matchesTheWeirdTestData() {
        String input = "{\"\\u20ac\": \"Euro Sign\", \"1\": \"One\", \"\\u0080\": \"Control\\u007f\", \"\\ud83d\\ude02\": \"Smiley\","
                + " \"\\u00f6\": \"Latin Small Letter O With Diaeresis\", \"\\ufb33\": \"Hebrew Letter Dalet With Dagesh\","
                + " \"</script>\": \"Browser Challenge\"}";
        assertThat(canonical(input)).isEqualTo("{\"1\":\"One\",\"</script>\":\"Browser Challenge\",\"\u0080\":\"Control\u007f\","
                + "\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude02\":\"Smiley\","
                + "\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @Test
    void escapesEveryControlCharacterAndNothingElse() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append("\u007f\u2028/'<>");
        String out = new String(CanonicalJson.canonicalize(NODES.stringNode(all.toString())), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r"
                + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                + "\\u001c\\u001d\\u001e\\u001f\u007f\u2028/'<>\"");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0                  | 0
            -0                 | 0
            -0.0               | 0
            9007199254740991   | 9007199254740991
            -9007199254740991  | -9007199254740991
            1E2                | 100
            4.50e1             | 45
            """)
    void writesIntegersWithinTheSafeRangeInDecimal(String input, String expected) {
        assertThat(canonical(input)).isEqualTo(expected);
    }

    @Test
    void canonicalOutputIsAFixedPoint() {
        String messy = "{ \"b\" : [ 1 , {\"z\":null, \"y\":\"\\u0041\\t\"} ], \"a\":true }";
        String once = canonical(messy);
        assertThat(once).isEqualTo("{\"a\":true,\"b\":[1,{\"y\":\"A\\t\",\"z\":null}]}");
        assertThat(canonical(once)).isEqualTo(once);
    }

    @Test
    void sortsTreesBuiltInCodeTheSameAsParsedOnes() {
        ObjectNode node = NODES.objectNode();
        node.put("seq", 7);
        node.put("action", "seal");
        ArrayNode targets = node.putArray("targets");
        targets.addObject().put("type", "incident").put("id", "i_1");
        assertThat(new String(CanonicalJson.canonicalize(node), StandardCharsets.UTF_8))
                .isEqualTo("{\"action\":\"seal\",\"seq\":7,\"targets\":[{\"id\":\"i_1\",\"type\":\"incident\"}]}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "4.50", "0.002", "1e-27", "1.0000000000000001", "1e-400"})
    void rejectsFractions(String number) {
        assertThatThrownBy(() -> canonical("{\"n\":[" + number + "]}"))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("number at /n/0 is not an integer: the audit format allows only integers within ±(2^53−1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"9007199254740992", "-9007199254740992", "1E30", "333333333333333333333", "1e400"})
    void rejectsIntegersOutsideTheSafeRange(String number) {
        assertThatThrownBy(() -> canonical(number))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessage("integer at the top level is outside ±(2^53−1), the range JSON numbers hold exactly");
    }

    @Test
    void rejectsNonFiniteNumbersBuiltInCode() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(NODES.arrayNode().add(Double.NaN)))
                .hasMessage("number at /0 is NaN or infinite, which JSON cannot hold");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(NODES.numberNode(Double.POSITIVE_INFINITY)))
                .hasMessage("number at the top level is NaN or infinite, which JSON cannot hold");
    }

    @Test
    void rejectsDuplicateKeys() {
        assertThatThrownBy(() -> canonical("{\"a\":1,\"b\":{\"c\":1,\"c\":2}}"))
                .isInstanceOf(CanonicalJsonException.class)
                .hasMessageStartingWith("not strict JSON: Duplicate Object property \"c\"");
    }

    @Test
    void rejectsLoneSurrogatesInValuesAndNames() {
        assertThatThrownBy(() -> canonical("{\"a\":\"x\\ud800\"}"))
                .hasMessage("string at /a has a lone surrogate U+D800 at index 1");
        assertThatThrownBy(() -> canonical("{\"k\\udead\":1}"))
                .hasMessage("string at /k\udead (name) has a lone surrogate U+DEAD at index 1");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(NODES.stringNode("\ude00\ud83d")))
                .hasMessage("string at the top level has a lone surrogate U+DE00 at index 0");
    }

    @Test
    void rejectsWhatIsNotStrictUtf8Json() {
        assertThatThrownBy(() -> CanonicalJson.parse(new byte[] {'"', (byte) 0xC3, '"'}))
                .hasMessage("JSON is not valid UTF-8");
        assertThatThrownBy(() -> CanonicalJson.parse(new byte[0])).hasMessage("JSON document is empty");
        assertThatThrownBy(() -> canonical("{} {}")).hasMessageStartingWith("not strict JSON: Trailing token");
        assertThatThrownBy(() -> canonical("{'a':1}")).hasMessageStartingWith("not strict JSON: Unexpected character");
        assertThatThrownBy(() -> canonical("[NaN]")).hasMessageStartingWith("not strict JSON: Non-standard token 'NaN'");
    }

    @Test
    void rejectsNestingDeeperThanTheLimit() {
        String ok = "[".repeat(CanonicalJson.MAX_DEPTH) + "]".repeat(CanonicalJson.MAX_DEPTH);
        assertThat(canonical(ok)).isEqualTo(ok);
        String deep = "[" + ok + "]";
        assertThatThrownBy(() -> canonical(deep))
                .hasMessageStartingWith("JSON nests deeper than 64 levels at /0/0/0");
    }

    @Test
    void rejectsValuesThatAreNotJsonData() {
        ObjectNode node = NODES.objectNode();
        node.set("blob", NODES.binaryNode(new byte[] {1}));
        assertThatThrownBy(() -> CanonicalJson.canonicalize(node)).hasMessage("value at /blob is BINARY, not JSON data");
    }

    @Test
    void parseReturnsTheTreeItChecked() {
        assertThat(CanonicalJson.parse("{\"a\":[1,\"x\"]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(JsonMapper.builder().build().readTree("{\"a\":[1,\"x\"]}"));
    }
}
