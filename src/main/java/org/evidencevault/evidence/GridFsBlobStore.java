package org.evidencevault.evidence;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.gridfs.GridFSDownloadStream;
import com.mongodb.client.gridfs.GridFSUploadStream;
import com.mongodb.client.gridfs.model.GridFSUploadOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Enumeration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * The blobs of a real MongoDB replica set, shared by every vault instance and replicated with the data. An upload
 * grows as one document per append in {@code evidence_parts} (whole segments, so a part is never torn), its size
 * kept in {@code evidence_uploads} and advanced only from the size the writer expected (two instances cannot both
 * append at one offset); complete, the parts are copied into a GridFS file of bucket {@code evidence} (1 MiB chunks)
 * and removed. Reads ask for few chunks at a time: the driver refuses replies over 48 MB.
 *
 * <p>Not for the embedded store, which builds every chunk a GridFS read matches in its heap.
 */
final class GridFsBlobStore implements BlobStore {

    private static final int CHUNK = 1 << 20;

    private final MongoCollection<Document> uploads;
    private final MongoCollection<Document> parts;
    private final GridFSBucket bucket;

    GridFsBlobStore(MongoDatabase db) {
        this.uploads = db.getCollection("evidence_uploads");
        this.parts = db.getCollection("evidence_parts");
        this.bucket = GridFSBuckets.create(db, "evidence").withChunkSizeBytes(CHUNK);
    }

    @Override
    public long partialSize(String id) {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        return u == null || u.getBoolean("complete", false) ? 0 : u.get("size", Number.class).longValue();
    }

    @Override
    public InputStream readPartial(String id) {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        int count = u == null ? 0 : u.getInteger("parts", 0);
        return new SequenceInputStream(new Enumeration<>() {
            private int n;

            @Override
            public boolean hasMoreElements() {
                return n < count;
            }

            @Override
            public InputStream nextElement() {
                if (n >= count) {
                    throw new NoSuchElementException();
                }
                Document p = parts.find(Filters.eq("_id", partId(id, n++))).first();
                if (p == null) {
                    // never read around a hole: a blob with a missing part is not the blob
                    throw new java.io.UncheckedIOException(new IOException("part " + (n - 1) + " of blob " + id + " is missing"));
                }
                return new java.io.ByteArrayInputStream(p.get("data", Binary.class).getData());
            }
        });
    }

    @Override
    public void append(String id, long expectedSize, byte[] bytes) throws IOException {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        long size = u == null ? 0 : u.get("size", Number.class).longValue();
        int n = u == null ? 0 : u.getInteger("parts", 0);
        if (size != expectedSize || (u != null && u.getBoolean("complete", false))) {
            throw new IOException("partial blob " + id + " has " + size + " bytes, not " + expectedSize);
        }
        Document part = new Document("_id", partId(id, n)).append("blob", id).append("n", n).append("data", new Binary(bytes));
        try {
            parts.insertOne(part);
        } catch (MongoWriteException e) {
            // a part n while the upload still counts n parts is left from an append that died before counting it:
            // replace it, once (a writer that really went first has already advanced the count)
            Document again = uploads.find(Filters.eq("_id", id)).first();
            int nowParts = again == null ? 0 : again.getInteger("parts", 0);
            if (nowParts != n) {
                throw new IOException("another writer appended to blob " + id + " first", e);
            }
            parts.deleteOne(Filters.eq("_id", partId(id, n)));
            parts.insertOne(part);
        }
        if (u == null) {
            try {
                uploads.insertOne(new Document("_id", id).append("size", (long) bytes.length).append("parts", 1).append("complete", false));
            } catch (MongoWriteException e) {
                parts.deleteOne(Filters.eq("_id", partId(id, n)));
                throw new IOException("another writer started blob " + id + " first", e);
            }
            return;
        }
        long updated = uploads.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("size", size), Filters.eq("parts", n)),
                Updates.combine(Updates.set("size", size + bytes.length), Updates.set("parts", n + 1))).getModifiedCount();
        if (updated != 1) {
            parts.deleteOne(Filters.eq("_id", partId(id, n)));
            throw new IOException("another writer appended to blob " + id + " first");
        }
    }

    /** Each part is a write the store acknowledged (majority, journaled): nothing more to make durable. */
    @Override
    public void sync(String id) {
    }

    @Override
    public void truncatePartial(String id, long size) throws IOException {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        if (u == null || u.get("size", Number.class).longValue() <= size) {
            return;
        }
        // parts are whole appends: keep those that end at or before the size
        long kept = 0;
        int n = 0;
        int count = u.getInteger("parts", 0);
        while (n < count) {
            Document p = parts.find(Filters.eq("_id", partId(id, n))).projection(Projections.include("data")).first();
            long len = p == null ? 0 : p.get("data", Binary.class).length();
            if (kept + len > size) {
                break;
            }
            kept += len;
            n++;
        }
        if (kept != size) {
            throw new IOException("blob " + id + " cannot be cut at " + size + ": its parts end at " + kept);
        }
        parts.deleteMany(Filters.and(Filters.eq("blob", id), Filters.gte("n", n)));
        uploads.updateOne(Filters.eq("_id", id), Updates.combine(Updates.set("size", kept), Updates.set("parts", n)));
    }

    /**
     * Copies the parts into a GridFS file and marks the blob complete. Instances claim the copy first (a claim older
     * than 15 minutes is taken over: its instance died), check the copy's length, and mark complete only under their
     * own claim; a GridFS file left by a died copy is removed with the blob.
     */
    @Override
    public void complete(String id) throws IOException {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        if (u == null) {
            throw new IOException("no partial blob " + id);
        }
        if (u.getBoolean("complete", false)) {
            return;
        }
        String claim = new ObjectId().toHexString();
        java.util.Date now = new java.util.Date();
        java.util.Date stale = new java.util.Date(now.getTime() - 15 * 60_000L);
        Document claimed = uploads.findOneAndUpdate(Filters.and(Filters.eq("_id", id), Filters.eq("complete", false),
                        Filters.or(Filters.exists("completing", false), Filters.lt("completingSince", stale))),
                Updates.combine(Updates.set("completing", claim), Updates.set("completingSince", now)));
        if (claimed == null) {
            if (exists(id)) {
                return;
            }
            throw new IOException("blob " + id + " is being completed by another instance");
        }
        long size = claimed.get("size", Number.class).longValue();
        ObjectId file;
        long copied;
        try (GridFSUploadStream out = bucket.openUploadStream(id, new GridFSUploadOptions().chunkSizeBytes(CHUNK)
                .metadata(new Document("blob", id)));
             InputStream in = readPartial(id)) {
            copied = in.transferTo(out);
            file = out.getObjectId();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        if (copied != size) {
            bucket.delete(file);
            throw new IOException("blob " + id + " copied " + copied + " bytes, not " + size);
        }
        long marked = uploads.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("completing", claim)),
                Updates.combine(Updates.set("complete", true), Updates.set("file", file), Updates.unset("completing"),
                        Updates.unset("completingSince"))).getModifiedCount();
        if (marked != 1) {
            bucket.delete(file);
            throw new IOException("blob " + id + " was completed by another instance");
        }
        parts.deleteMany(Filters.eq("blob", id));
    }

    @Override
    public boolean exists(String id) {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        return u != null && u.getBoolean("complete", false);
    }

    @Override
    public InputStream open(String id) throws IOException {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        if (u == null || !u.getBoolean("complete", false)) {
            throw new IOException("no complete blob " + id);
        }
        GridFSDownloadStream in = bucket.openDownloadStream(u.getObjectId("file"));
        return in.batchSize(2);
    }

    @Override
    public void delete(String id) {
        parts.deleteMany(Filters.eq("blob", id));
        // every GridFS file of the blob: the final one, and any a died copy left
        List<ObjectId> files = new java.util.ArrayList<>();
        bucket.find(Filters.eq("filename", id)).forEach(f -> files.add(f.getObjectId()));
        for (ObjectId f : files) {
            try {
                bucket.delete(f);
            } catch (com.mongodb.MongoGridFSException e) {
                // already gone
            }
        }
        uploads.deleteOne(Filters.eq("_id", id));
    }

    @Override
    public Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        uploads.find().projection(Projections.include("_id")).forEach(d -> ids.add(d.getString("_id")));
        return ids;
    }

    @Override
    public boolean partialOnly(String id) {
        Document u = uploads.find(Filters.eq("_id", id)).first();
        return u != null && !u.getBoolean("complete", false);
    }

    private static String partId(String id, int n) {
        return id + "/" + n;
    }

    /** Makes the indexes the parts need (a unique id per part is the {@code _id}). */
    void ensureIndexes() {
        parts.createIndex(new Document("blob", 1).append("n", 1));
    }
}
