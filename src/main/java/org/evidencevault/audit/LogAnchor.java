package org.evidencevault.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;
import org.evidencevault.store.StoreProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The newest signed checkpoint this instance made or verified, kept outside the store: in
 * {@code <data-dir>/audit-anchor.json}, written to a temporary file, forced to disk and renamed. At start-up
 * the store's log must reach that size and have that root; a store older than the anchor (a restored
 * backup, a rollback, a replacement) is refused with a log alarm instead of being served as if whole.
 */
@Component
class LogAnchor {

    private static final Logger log = LoggerFactory.getLogger(LogAnchor.class);
    static final String FILE = "audit-anchor.json";
    private static final String FORMAT = "evidence-vault-audit-anchor/1";

    /** The anchored checkpoint: its size, root and signed note. */
    record Anchor(long size, byte[] root, String note) {
    }

    private final Path file;
    private final AuditProperties props;
    private final JsonMapper json = JsonMapper.builder().build();
    private volatile Anchor current;

    LogAnchor(StoreProperties store, AuditProperties props) {
        this.file = store.dataDir().resolve(FILE);
        this.props = props;
        this.current = read();
    }

    Optional<Anchor> current() {
        return Optional.ofNullable(current);
    }

    /** Moves the anchor to {@code c} if it is newer; the caller has verified it. */
    synchronized void advance(CheckpointStore.Stored c) {
        if (current != null && current.size() >= c.size()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            byte[] bytes = json.writeValueAsBytes(json.createObjectNode().put("format", FORMAT).put("origin", props.origin())
                    .put("size", c.size()).put("root", HexFormat.of().formatHex(c.root())).put("note", c.note()));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            current = new Anchor(c.size(), c.root(), c.note());
        } catch (IOException e) {
            log.error("audit anchor not written ({}): a rollback to before this checkpoint would go unseen at the next start",
                    e.getClass().getSimpleName());
        }
    }

    private Anchor read() {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            JsonNode n = json.readTree(Files.readAllBytes(file));
            if (!FORMAT.equals(n.path("format").asString()) || !props.origin().equals(n.path("origin").asString())) {
                throw new IllegalStateException(file + " is not an audit anchor of this log (origin " + props.origin() + ")");
            }
            return new Anchor(n.path("size").asLong(), HexFormat.of().parseHex(n.path("root").asString()), n.path("note").asString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit anchor " + file, e);
        }
    }
}
