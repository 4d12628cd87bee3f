package org.evidencevault.audit;

import java.util.List;
import java.util.Optional;
import org.evidencevault.ledger.MerkleTree;
import org.springframework.stereotype.Component;

/**
 * The log's signed checkpoints as other capabilities read them (the anchoring of checkpoints with witnesses and
 * TSAs): the newest one, one of a given size, each only if it verifies, and consistency proofs between sizes.
 */
@Component
public class Checkpoints {

    /** A checkpoint as the vault signed it: size, root and the signed note (the vault's own signature lines only). */
    public record Signed(long size, byte[] root, String note) {
    }

    private final Checkpointer checkpointer;
    private final LeafHashCache leaves;

    Checkpoints(Checkpointer checkpointer, LeafHashCache leaves) {
        this.checkpointer = checkpointer;
        this.leaves = leaves;
    }

    public Optional<Signed> latest() {
        return checkpointer.latest().map(Checkpoints::signed);
    }

    /** A checkpoint covering every entry now in the log (made now unless one exists; see {@link Checkpointer#checkpointNow}). */
    public Optional<Signed> now() {
        return checkpointer.checkpointNow().map(Checkpoints::signed);
    }

    public Optional<Signed> at(long size) {
        return checkpointer.at(size).map(Checkpoints::signed);
    }

    /** The RFC 9162 consistency proof from {@code fromSize} to {@code toSize} (1 ≤ from ≤ to ≤ the log's size). */
    public List<byte[]> consistency(long fromSize, long toSize) {
        return MerkleTree.consistencyProof(leaves.upTo(toSize), fromSize, toSize);
    }

    private static Signed signed(CheckpointStore.Stored s) {
        return new Signed(s.size(), s.root(), s.note());
    }
}
