package org.evidencevault.audit;

import java.util.List;
import java.util.Objects;
import org.bson.Document;

/**
 * A change of stored state, described completely before it happens, so the audit log can record it
 * (with a commitment over its encrypted content) before it is applied, and apply it again after a crash.
 * It creates version {@code version} of {@code target}; only one change per (target, version) can ever
 * be recorded, which is how concurrent revisions of one version are refused. Nothing a change stores is
 * written before its entry: a new record's data key is one of its steps ({@link CreateDataKey}).
 */
public record StateChange(Target target, long version, List<Op> ops) {

    /** One idempotent step of a change. */
    public sealed interface Op permits CreateDataKey, Put, Shred {
    }

    /** Store a newly made data key (its wrapped form, {@code crypto.DataKeys.NewDataKey#stored}). */
    public record CreateDataKey(Document key) implements Op {
        public CreateDataKey {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(key.getString("_id"), "key _id");
        }
    }

    /**
     * Store {@code document} as version {@code version} of record {@code id} in {@code collection}:
     * an insert for version 1, otherwise a replacement of version {@code version - 1}.
     */
    public record Put(String collection, String id, long version, Document document) implements Op {
        public Put {
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(document, "document");
            if (version < 1) {
                throw new IllegalArgumentException("version starts at 1");
            }
        }
    }

    /** Destroy data key {@code dataKeyId} (crypto-shredding). */
    public record Shred(String dataKeyId) implements Op {
        public Shred {
            Objects.requireNonNull(dataKeyId, "dataKeyId");
        }
    }

    public StateChange {
        Objects.requireNonNull(target, "target");
        ops = List.copyOf(ops);
        if (ops.isEmpty()) {
            throw new IllegalArgumentException("a change has at least one step");
        }
    }

    /** The claim that makes (target, version) unique in the log. */
    String claim() {
        return target.type() + "/" + target.id() + "@" + version;
    }

    /** The stored form of the change, kept with its audit entry so a crash can be repaired. */
    Document toPayload() {
        return new Document("ops", ops.stream().map(StateChange::stored).toList());
    }

    private static Document stored(Op op) {
        if (op instanceof Put p) {
            return new Document("op", "put").append("collection", p.collection()).append("id", p.id())
                    .append("version", p.version()).append("document", p.document());
        }
        if (op instanceof CreateDataKey k) {
            return new Document("op", "key").append("key", k.key());
        }
        return new Document("op", "shred").append("dataKey", ((Shred) op).dataKeyId());
    }

    static List<Op> opsOf(Document payload) {
        return payload.getList("ops", Document.class).stream().<Op>map(d -> switch (d.getString("op")) {
            case "put" -> new Put(d.getString("collection"), d.getString("id"), d.get("version", Number.class).longValue(),
                    d.get("document", Document.class));
            case "key" -> new CreateDataKey(d.get("key", Document.class));
            case "shred" -> new Shred(d.getString("dataKey"));
            default -> throw new IllegalStateException("unknown step '" + d.getString("op") + "' in a stored change");
        }).toList();
    }
}
