package org.evidencevault.store;

import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import java.util.Optional;

/**
 * Tells a failure of the store itself (unreachable, timed out, recovering, disk full) from everything
 * else, so callers answer 503 with {@code Retry-After} and a reason instead of a 500. Reasons are fixed
 * texts: never a message from the driver, which could carry data.
 */
public final class StoreFailures {

    /** What went wrong with the store, in words an operator acts on. */
    public enum Kind {
        UNREACHABLE("the store cannot be reached"),
        TIMEOUT("the store did not answer in time"),
        RECOVERING("the store is recovering from a failed write"),
        DISK_FULL("the store's disk is full or below its free-space floor");

        private final String reason;

        Kind(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    /** A classified store failure. */
    public record Failure(Kind kind) {
        public String reason() {
            return kind.reason;
        }
    }

    private StoreFailures() {
    }

    /** The store failure behind {@code e} (anywhere in its causes), if it is one. */
    public static Optional<Failure> classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MongoTimeoutException) {
                return Optional.of(new Failure(Kind.UNREACHABLE));
            }
            if (t instanceof com.mongodb.MongoSocketReadTimeoutException) {
                return Optional.of(new Failure(Kind.TIMEOUT));
            }
            if (t instanceof MongoSocketException) {
                return Optional.of(new Failure(Kind.UNREACHABLE));
            }
            if (t instanceof MongoWriteConcernException) {
                return Optional.of(new Failure(Kind.TIMEOUT));
            }
            if (t instanceof MongoServerException s) {
                Optional<Failure> byCode = byCode(s.getCode());
                if (byCode.isPresent()) {
                    return byCode;
                }
            }
            if (t instanceof com.mongodb.MongoBulkWriteException b && !b.getWriteErrors().isEmpty()) {
                Optional<Failure> byCode = byCode(b.getWriteErrors().get(0).getCode());
                if (byCode.isPresent()) {
                    return byCode;
                }
            }
            if (t instanceof com.mongodb.MongoWriteException w) {
                Optional<Failure> byCode = byCode(w.getError().getCode());
                if (byCode.isPresent()) {
                    return byCode;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Failure> byCode(int code) {
        return switch (code) {
            case StoreErrors.OUT_OF_DISK_SPACE -> Optional.of(new Failure(Kind.DISK_FULL));
            case StoreErrors.UNAVAILABLE -> Optional.of(new Failure(Kind.RECOVERING));
            // MongoDB's own: shutting down, stepped down, not primary, interrupted at shutdown or on step-down
            case 91, 189, 10107, 13435, 11600, 11602 -> Optional.of(new Failure(Kind.UNREACHABLE));
            case 50 -> Optional.of(new Failure(Kind.TIMEOUT)); // MaxTimeMSExpired
            default -> Optional.empty();
        };
    }
}
