package org.evidencevault.witness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.evidencevault.crypto.Ed25519Keys;
import org.evidencevault.crypto.WitnessKeyFile;
import org.evidencevault.ledger.Cosignature;
import org.evidencevault.ledger.SignedChain;
import org.evidencevault.ledger.SignedNote;
import org.evidencevault.ledger.WitnessKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The witness of c2sp.org/tlog-witness: it cosigns a log's checkpoints only while they are consistent with what it
 * cosigned before, remembers that on disk, and refuses a split view (a second checkpoint of a size with another root),
 * a rollback and a rewritten history, each with the protocol's status.
 */
class WitnessTest {

    private static final Instant NOW = Instant.parse("2026-12-01T22:00:00Z");

    @TempDir
    Path dir;

    private final StringWriter log = new StringWriter();
    private final SignedChain chain = SignedChain.of(9);

    private Witness witness() throws Exception {
        Path keyFile = dir.resolve("witness.key");
        WitnessKeyFile key = Files.exists(keyFile) ? WitnessKeyFile.read(keyFile) : WitnessKeyFile.generate(keyFile, "witness.example/w1");
        return Witness.open(key, Map.of(SignedChain.ORIGIN, SignedChain.V1.noteKeys()), dir.resolve("state"),
                Clock.fixed(NOW, ZoneOffset.UTC), new PrintWriter(log, true));
    }

    private static byte[] request(long old, List<byte[]> proof, String checkpoint) {
        StringBuilder b = new StringBuilder("old " + old + "\n");
        proof.forEach(h -> b.append(Base64.getEncoder().encodeToString(h)).append('\n'));
        return b.append('\n').append(checkpoint).toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] request(long old, long size) {
        List<byte[]> proof = old == 0 ? List.of() : chain.consistency(old, size).proof();
        return request(old, proof, chain.checkpoint(size));
    }

    private static String text(Witness.Answer a) {
        return new String(a.body(), StandardCharsets.UTF_8);
    }

    @Test
    void itCosignsAConsistentSequenceOfCheckpointsAndTheCosignaturesVerify() throws Exception {
        Witness w = witness();
        Witness.Answer first = w.addCheckpoint(request(0, 3));
        assertThat(first.status()).as(text(first)).isEqualTo(200);
        Witness.Answer second = w.addCheckpoint(request(3, 7));
        assertThat(second.status()).as(text(second)).isEqualTo(200);

        // the answer is a note signature line: appended to the checkpoint, it verifies with the witness's key
        String cosigned = chain.checkpoint(7) + text(second);
        SignedNote note = SignedNote.parse(cosigned.getBytes(StandardCharsets.UTF_8));
        WitnessKey key = WitnessKey.parse(w.key().vkey());
        List<Cosignature.Verified> verified = Cosignature.verify(note, List.of(key), Ed25519Keys.noteVerifier());
        assertThat(verified).hasSize(1);
        assertThat(verified.get(0).cosignature().time()).isEqualTo(NOW);
        // the same line on another checkpoint does not verify
        String moved = chain.checkpoint(3) + text(second);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Cosignature.verify(
                SignedNote.parse(moved.getBytes(StandardCharsets.UTF_8)), List.of(key), Ed25519Keys.noteVerifier())))
                .hasMessageContaining("does not verify");
        // the same size again, same root: cosigned again (the log may ask twice)
        assertThat(w.addCheckpoint(request(7, List.of(), chain.checkpoint(7))).status()).isEqualTo(200);
    }

    @Test
    void itRemembersWhatItCosignedAcrossARestartAndAnswersAStaleOldSizeWithItsOwn() throws Exception {
        assertThat(witness().addCheckpoint(request(0, 5)).status()).isEqualTo(200);
        Witness restarted = witness();
        Witness.Answer stale = restarted.addCheckpoint(request(0, 7));
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.contentType()).isEqualTo("text/x.tlog.size");
        assertThat(text(stale)).isEqualTo("5\n");
        assertThat(restarted.addCheckpoint(request(5, 7)).status()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("state"))).startsWith(WitnessState.HEADER + "\n" + SignedChain.ORIGIN + "\t7\t");
    }

    @Test
    void aSplitViewARollbackAndARewrittenHistoryAreRefused() throws Exception {
        Witness w = witness();
        assertThat(w.addCheckpoint(request(0, 5)).status()).isEqualTo(200);
        // another history: entry 2 different, so every tree from size 3 on has another root
        SignedChain fork = SignedChain.build(9, seq -> SignedChain.V1, (seq, draft) -> seq == 2
                ? new org.evidencevault.ledger.AuditEntry(seq, draft.time(), "mallory", draft.role(), draft.kind(), draft.action(),
                        draft.targets(), draft.commitment(), draft.prev(), draft.keyId()) : draft);
        assertThat(fork.root(5)).isNotEqualTo(chain.root(5));

        Witness.Answer split = w.addCheckpoint(request(5, List.of(), fork.checkpoint(5)));
        assertThat(split.status()).as("a second checkpoint of size 5").isEqualTo(409);
        assertThat(log.toString()).contains("SPLIT VIEW");
        Witness.Answer rewritten = w.addCheckpoint(request(5, fork.consistency(5, 8).proof(), fork.checkpoint(8)));
        assertThat(rewritten.status()).as("a checkpoint that does not extend size 5").isEqualTo(422);
        assertThat(w.addCheckpoint(request(5, List.of(), chain.checkpoint(4))).status()).as("old size above the checkpoint's")
                .isEqualTo(400);
        Witness.Answer rollback = w.addCheckpoint(request(0, 4));
        assertThat(rollback.status()).as("a smaller tree, claiming nothing was cosigned").isEqualTo(409);
        assertThat(text(rollback)).isEqualTo("5\n");
        // and nothing of that changed what it holds
        assertThat(w.addCheckpoint(request(5, 8)).status()).isEqualTo(200);
    }

    @Test
    void aCheckpointOfAnotherLogAKeyItDoesNotTrustOrAMalformedRequestIsRefused() throws Exception {
        Witness w = witness();
        assertThat(w.addCheckpoint(request(0, List.of(), chain.checkpoint(3, SignedChain.STRANGER))).status()).as("unknown key")
                .isEqualTo(403);
        String otherOrigin = new String(new org.evidencevault.ledger.Checkpoint("other.example/log", 3, chain.root(3))
                .sign(List.of(SignedChain.V1.ed25519NoteSigner(), SignedChain.V1.mlDsa65NoteSigner())).toBytes(), StandardCharsets.UTF_8);
        assertThat(w.addCheckpoint(request(0, List.of(), otherOrigin)).status()).as("unknown origin").isEqualTo(404);
        assertThat(w.addCheckpoint(request(0, List.of(new byte[32]), chain.checkpoint(3))).status()).as("a proof from 0")
                .isEqualTo(422);
        assertThat(w.addCheckpoint("old 01\n\n".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(w.addCheckpoint(("old 0\n\n" + chain.checkpoint(3)).replace("\n\n\u2014", "\n\u2014").getBytes(StandardCharsets.UTF_8))
                .status()).as("no blank line before the signatures").isEqualTo(400);
        assertThat(w.addCheckpoint(("old 0\nnot base64\n\n" + chain.checkpoint(3)).getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(w.addCheckpoint(new byte[] {'o', 'l', 'd', ' ', '0', '\n', '\n', (byte) 0xff, '\n'}).status()).isEqualTo(400);
        // a tampered checkpoint (a flipped root) does not verify under the log's key
        String tampered = chain.checkpoint(3).replaceFirst("\n([A-Za-z0-9+/])", "\nX");
        assertThat(w.addCheckpoint(request(0, List.of(), tampered)).status()).isIn(400, 403);
        assertThat(Files.exists(dir.resolve("state"))).as("nothing recorded").isFalse();
    }

    @Test
    void racingSubmissionsNeverRollItBack() throws Exception {
        Witness w = witness();
        assertThat(w.addCheckpoint(request(0, 2)).status()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<byte[]> requests = List.of(request(2, 9), request(2, 4), request(2, 6)); // the fixture is not thread-safe
            List<Future<Witness.Answer>> answers = requests.stream().map(r -> pool.submit(() -> w.addCheckpoint(r))).toList();
            int ok = 0;
            for (Future<Witness.Answer> a : answers) {
                ok += a.get().status() == 200 ? 1 : 0;
            }
            assertThat(ok).as("exactly one of three racing requests from size 2").isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        WitnessState state = WitnessState.open(dir.resolve("state"));
        assertThat(state.get(SignedChain.ORIGIN).orElseThrow().size()).isIn(4L, 6L, 9L);
    }

    @Test
    void overHttpItServesAddCheckpointOnly() throws Exception {
        try (WitnessServer server = WitnessServer.start(witness(), new InetSocketAddress("127.0.0.1", 0), "/w1")) {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + server.port() + "/w1/add-checkpoint");
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(request(0, 3))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).startsWith("\u2014 witness.example/w1 ").endsWith("\n");
            assertThat(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
            assertThat(http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[WitnessServer.MAX_BODY + 1]))
                    .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
            HttpResponse<String> conflict = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(request(0, 5)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(conflict.statusCode()).isEqualTo(409);
            assertThat(conflict.headers().firstValue("Content-Type")).contains("text/x.tlog.size");
            assertThat(conflict.body()).isEqualTo("3\n");
        }
    }

    @Test
    void itsKeyFileHoldsTheKeyAndTheVkeyReadsBack() throws Exception {
        WitnessKeyFile made = WitnessKeyFile.generate(dir.resolve("k"), "ngo.example/witness");
        WitnessKeyFile read = WitnessKeyFile.read(dir.resolve("k"));
        assertThat(read.key()).isEqualTo(made.key());
        assertThat(WitnessKey.parse(made.key().vkey())).isEqualTo(made.key());
        assertThat(made.key().vkey()).matches("ngo\\.example/witness\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]+=*");
        String privateLine = Files.readAllLines(dir.resolve("k")).get(2);
        assertThat(read.toString()).contains("redacted").doesNotContain(privateLine.substring("ed25519 ".length()));
        String vkey = made.key().vkey();
        String wrongId = vkey.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WitnessKey.parse(wrongId))).hasMessageContaining("key ID");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> WitnessKeyFile.generate(dir.resolve("k"), "x")))
                .isInstanceOf(java.nio.file.FileAlreadyExistsException.class);
    }
}
