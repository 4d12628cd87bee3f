package org.evidencevault.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.stream.Stream;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

/**
 * A collection of the embedded store that plans its queries with its indexes, as MongoDB does, instead of reading
 * every document unless the query's keys are exactly a unique index's keys (mongo-java-server's own rule).
 *
 * <p>A query is narrowed by one of its conjuncts (top level or {@code $and}): an equality or {@code $in} on the
 * leading field of an index ({@link SecondaryIndex}, or a single-field unique index such as {@code _id}), a range on
 * {@code _id} (read in key order from the collection's own map), or an {@code $or} whose every branch is narrowed;
 * the conjunct with the fewest candidates wins, counted in the index without reading. Every candidate is then
 * matched against the whole query, so an index can only ever leave documents out of what is read, never change an
 * answer. A sorted, limited query whose candidates all come from indexes ordered by the sort field next (e.g.
 * {@code (team, createdAt)} for the newest incidents of some teams) walks those entries in order, merged, and stops
 * after {@code skip + limit} matches. A count whose query is one indexed conjunct is answered from the index alone.
 * Anything else reads every document, and {@link QueryStats} counts it, so tests can assert that hot queries never do.
 */
final class IndexedH2Collection extends H2Collection {

    /** Above this many candidates, an ordered walk that can stop early is preferred to reading them all. */
    private static final long ORDERED_PREFERRED_ABOVE = 256;

    private final MVMap<Object, Document> data;

    IndexedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> data,
                        MVMap<String, Object> meta, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, data, meta, cursorRegistry);
        this.data = data;
    }

    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        if (query != null && getIndexes().stream().anyMatch(i -> i.canHandle(query))) {
            QueryStats.indexed(getCollectionName(), 0);
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector); // exactly a unique index's keys
        }
        if (data.isEmpty()) {
            QueryStats.indexed(getCollectionName(), 0); // nothing to read (a sweep's first step on an empty kind)
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        String sortField = singleSortField(orderBy);
        Plan plan = query == null || query.isEmpty() ? idOrderPlan(sortField) : plan(query, sortField);
        if (plan == null) {
            QueryStats.fullScan(getCollectionName(), data.size());
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        if (limit > 0 && sortField != null && plan.orderedBy(sortField)) {
            List<Document> page = walkInOrder(plan, query, descending(orderBy), numberToSkip + limit);
            if (page != null) {
                List<Document> kept = page.subList(Math.min(numberToSkip, page.size()), page.size());
                return matchDocumentsFromStream(kept.stream(), new Document(), null, 0, 0, batchSize, fieldSelector);
            }
        }
        List<Document> candidates = new ArrayList<>();
        for (Object position : plan.positions()) {
            Document d = getDocument(position);
            if (d != null) {
                candidates.add(d);
            }
        }
        QueryStats.indexed(getCollectionName(), candidates.size());
        return matchDocumentsFromStream(candidates.stream(), query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    public int count(Document query, int skip, int limit) {
        if (query != null && !query.isEmpty() && skip <= 0 && limit <= 0) {
            Plan plan = plan(query, null);
            if (plan != null && plan.covered) {
                QueryStats.indexed(getCollectionName(), 0);
                return plan.sources.size() == 1 && plan.sources.get(0) instanceof Prefix ? (int) plan.estimate : countDistinct(plan);
            }
        }
        return super.count(query, skip, limit);
    }

    private static int countDistinct(Plan plan) {
        Set<Object> positions = new HashSet<>();
        plan.positions().forEach(positions::add);
        return positions.size();
    }

    // ---- planning ----------------------------------------------------------------------------------------------

    /** An empty query sorted by {@code _id}: the collection's own map in key order, if all its keys are one type. */
    private Plan idOrderPlan(String sortField) {
        if (!"_id".equals(sortField) || data.isEmpty()) {
            return null;
        }
        Object first = data.firstKey();
        Object last = data.lastKey();
        if (first.getClass() != last.getClass()) {
            return null; // the map orders by type first: one type end to end means one type throughout
        }
        return new Plan(List.of(new IdRange(first.getClass(), null, true, null, true)), data.size(), false);
    }

    private Plan plan(Document query, String sortField) {
        List<Plan> options = new ArrayList<>();
        for (Map.Entry<String, Object> e : query.entrySet()) {
            Plan p = switch (e.getKey()) {
                case "$and" -> e.getValue() instanceof List<?> all ? bestOf(all, sortField) : null;
                case "$or" -> e.getValue() instanceof List<?> any ? union(any, sortField) : null;
                default -> e.getKey().startsWith("$") ? null : field(e.getKey(), e.getValue(), sortField);
            };
            if (p != null) {
                options.add(query.size() == 1 ? p : p.uncovered());
            }
        }
        return choose(options, sortField);
    }

    private Plan bestOf(List<?> given, String sortField) {
        List<?> conjuncts = withIdRangesMerged(given);
        List<Plan> options = new ArrayList<>();
        for (Object c : conjuncts) {
            if (c instanceof Document d) {
                Plan p = plan(d, sortField);
                if (p != null) {
                    options.add(conjuncts.size() == 1 ? p : p.uncovered());
                }
            }
        }
        return choose(options, sortField);
    }

    /**
     * The conjuncts with the bounds of {@code _id} among them merged into one range: the driver's {@code Filters.and} sends
     * {@code {$and: [{_id: {$gte: a}}, {_id: {$lte: b}}]}}, and planned apart each bound reads everything on its side (a
     * page of 1,000 seqs in the middle of a million-entry log read half a million entries). The merged range is exactly
     * the documents both bounds admit; the whole query is still matched against each candidate.
     */
    private static List<?> withIdRangesMerged(List<?> conjuncts) {
        Document range = null;
        List<Object> rest = new ArrayList<>();
        for (Object c : conjuncts) {
            if (c instanceof Document d && d.size() == 1 && d.get("_id") instanceof Document r && isRange(r)
                    && (range == null || !overlaps(range, r))) {
                if (range == null) {
                    range = new Document();
                }
                range.putAll(r);
            } else {
                rest.add(c);
            }
        }
        if (range == null || rest.size() == conjuncts.size() - 1) {
            return conjuncts; // no bound of _id, or only one: nothing to merge
        }
        rest.add(new Document("_id", range));
        return rest;
    }

    /** Whether two ranges bound the same side (then they are left apart: one range holds one bound a side). */
    private static boolean overlaps(Document a, Document b) {
        boolean lowA = a.containsKey("$gt") || a.containsKey("$gte");
        boolean highA = a.containsKey("$lt") || a.containsKey("$lte");
        boolean lowB = b.containsKey("$gt") || b.containsKey("$gte");
        boolean highB = b.containsKey("$lt") || b.containsKey("$lte");
        return lowA && lowB || highA && highB;
    }

    private Plan union(List<?> branches, String sortField) {
        List<Source> sources = new ArrayList<>();
        long estimate = 0;
        boolean covered = true;
        for (Object b : branches) {
            Plan p = b instanceof Document d ? plan(d, sortField) : null;
            if (p == null) {
                return null; // one branch that cannot be narrowed needs every document
            }
            sources.addAll(p.sources);
            estimate += p.estimate;
            covered &= p.covered;
        }
        return new Plan(sources, estimate, covered && sources.size() <= 1);
    }

    private static Plan choose(List<Plan> options, String sortField) {
        Plan best = options.stream().min(Comparator.comparingLong(p -> p.estimate)).orElse(null);
        if (best != null && sortField != null && !best.orderedBy(sortField) && best.estimate > ORDERED_PREFERRED_ABOVE) {
            return options.stream().filter(p -> p.orderedBy(sortField)).min(Comparator.comparingLong(p -> p.estimate)).orElse(best);
        }
        return best;
    }

    /** The plan for one field's condition, or null if no index narrows it. */
    private Plan field(String field, Object condition, String sortField) {
        if (field.equals("_id") && condition instanceof Document range && isRange(range)) {
            return idRange(range);
        }
        List<Object> values = equalValues(condition);
        if (values == null) {
            return null;
        }
        boolean covered = !(condition instanceof Document d) || d.size() == 1;
        for (Index<Object> index : getIndexes()) {
            if (index.isUnique() && index.getKeys().size() == 1 && index.getKeys().get(0).getKey().equals(field)) {
                return new Plan(List.of(new Unique(index, field, values)), values.size(), covered);
            }
        }
        SecondaryIndex chosen = null;
        for (Index<Object> index : getIndexes()) {
            if (index instanceof SecondaryIndex s && s.leadingField().equals(field)
                    && (chosen == null || (sortField != null && sortField.equals(s.secondField())))) {
                chosen = s;
            }
        }
        if (chosen == null) {
            return null;
        }
        List<Source> sources = new ArrayList<>();
        long estimate = 0;
        for (Object v : new LinkedHashSet<>(values)) {
            String prefix = IndexKeys.encode(v);
            Prefix p = new Prefix(chosen, prefix);
            sources.add(p);
            estimate += chosen.count(prefix);
        }
        return new Plan(sources, estimate, covered);
    }

    /** The values an equality or {@code $in} condition matches, if each has an index form (else null). */
    private static List<Object> equalValues(Object condition) {
        List<Object> values;
        if (condition instanceof Document d) {
            if (d.containsKey("$in") && d.get("$in") instanceof Collection<?> in) {
                values = new ArrayList<>(in);
            } else if (d.containsKey("$eq")) {
                values = new ArrayList<>();
                values.add(d.get("$eq"));
            } else {
                return null; // another operator, or an embedded document matched as a whole
            }
        } else if (condition instanceof Collection<?>) {
            return null; // an array matched as a whole
        } else {
            values = new ArrayList<>();
            values.add(condition);
        }
        for (Object v : values) {
            // null also matches a missing field, and arrays, documents or patterns match in ways an entry does not record
            if (v == null || IndexKeys.encode(v) == null || IndexKeys.encode(v).charAt(0) == '0') {
                return null;
            }
        }
        return values;
    }

    private static boolean isRange(Document d) {
        return !d.isEmpty() && d.keySet().stream().allMatch(k -> k.equals("$gt") || k.equals("$gte") || k.equals("$lt") || k.equals("$lte"));
    }

    private Plan idRange(Document range) {
        Object low = range.containsKey("$gt") ? range.get("$gt") : range.get("$gte");
        Object high = range.containsKey("$lt") ? range.get("$lt") : range.get("$lte");
        if ((range.containsKey("$gt") && range.containsKey("$gte")) || (range.containsKey("$lt") && range.containsKey("$lte"))) {
            return null;
        }
        Object sample = low != null ? low : high;
        if (!(sample instanceof String || sample instanceof Long || sample instanceof Integer)
                || (low != null && high != null && low.getClass() != high.getClass())) {
            return null;
        }
        List<Source> sources = new ArrayList<>();
        if (sample instanceof String) {
            sources.add(new IdRange(String.class, low, !range.containsKey("$gt"), high, !range.containsKey("$lt")));
        } else {
            // the map keeps Integer, Long and Double keys apart: read the range in each
            for (Class<?> type : List.of(Integer.class, Long.class, Double.class)) {
                sources.add(new IdRange(type, low, !range.containsKey("$gt"), high, !range.containsKey("$lt")));
            }
        }
        long estimate = sources.stream().mapToLong(s -> ((IdRange) s).estimate()).sum();
        return new Plan(sources, estimate, false);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /**
     * The first {@code wanted} documents matching {@code query} in sort order, walking the plan's ordered sources
     * merged; null if an entry turned out to have no ordered form (then the caller sorts in memory).
     */
    private List<Document> walkInOrder(Plan plan, Document query, boolean descending, int wanted) {
        Comparator<Head> order = Comparator.comparing(h -> h.suffix);
        PriorityQueue<Head> heads = new PriorityQueue<>(descending ? order.reversed() : order);
        for (Source s : plan.sources) {
            Head h = new Head(s.ordered(descending));
            if (h.advance()) {
                heads.add(h);
            }
        }
        List<Document> out = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        int examined = 0;
        while (!heads.isEmpty() && out.size() < wanted) {
            Head h = heads.poll();
            if (h.suffix.startsWith(IndexKeys.OTHER)) {
                QueryStats.indexed(getCollectionName(), examined);
                return null;
            }
            Object position = h.position;
            if (h.advance()) {
                heads.add(h);
            }
            if (!seen.add(position)) {
                continue;
            }
            Document d = getDocument(position);
            examined++;
            if (d != null && documentMatchesQuery(d, query)) {
                out.add(d);
            }
        }
        QueryStats.indexed(getCollectionName(), examined);
        return out;
    }

    private static String singleSortField(Document orderBy) {
        if (orderBy == null || orderBy.size() != 1) {
            return null;
        }
        String f = orderBy.keySet().iterator().next();
        return f.startsWith("$") ? null : f;
    }

    private static boolean descending(Document orderBy) {
        Object v = orderBy.values().iterator().next();
        return v instanceof Number n && n.intValue() < 0;
    }

    /** Candidates from one or more sources (a union); covered: the query is exactly that, so a count needs no reads. */
    private record Plan(List<Source> sources, long estimate, boolean covered) {

        Plan uncovered() {
            return covered ? new Plan(sources, estimate, false) : this;
        }

        boolean orderedBy(String field) {
            return !sources.isEmpty() && sources.stream().allMatch(s -> s.orders(field));
        }

        Iterable<Object> positions() {
            return () -> sources.stream().flatMap(Source::positions).distinct().iterator();
        }
    }

    private sealed interface Source permits Prefix, Unique, IdRange {

        Stream<Object> positions();

        /** Whether this source yields its documents in the order of {@code field}. */
        boolean orders(String field);

        /** Entries as (suffix ordered like the sort field, position), in order. */
        Iterator<Map.Entry<String, Object>> ordered(boolean descending);
    }

    /** The entries of a secondary index that start with one value. */
    private record Prefix(SecondaryIndex index, String prefix) implements Source {

        @Override
        public Stream<Object> positions() {
            Iterator<Map.Entry<String, Object>> it = index.range(prefix, false);
            return Stream.iterate(it, Iterator::hasNext, i -> i).map(i -> i.next().getValue());
        }

        @Override
        public boolean orders(String field) {
            return field.equals(index.secondField());
        }

        @Override
        public Iterator<Map.Entry<String, Object>> ordered(boolean descending) {
            Iterator<Map.Entry<String, Object>> it = index.range(prefix, descending);
            int cut = prefix.length();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Map.Entry<String, Object> next() {
                    Map.Entry<String, Object> e = it.next();
                    return Map.entry(e.getKey().substring(cut), e.getValue());
                }
            };
        }
    }

    /** Lookups in a single-field unique index ({@code _id} among them). */
    private record Unique(Index<Object> index, String field, List<Object> values) implements Source {

        @Override
        public Stream<Object> positions() {
            Document q = values.size() == 1 ? new Document(field, values.get(0)) : new Document(field, new Document("$in", values));
            List<Object> found = new ArrayList<>();
            index.getPositions(q).forEach(p -> {
                if (p != null) {
                    found.add(p);
                }
            });
            return found.stream();
        }

        @Override
        public boolean orders(String field) {
            return false;
        }

        @Override
        public Iterator<Map.Entry<String, Object>> ordered(boolean descending) {
            throw new UnsupportedOperationException();
        }
    }

    /** The keys of one type of the collection's own map between two bounds (its positions are the {@code _id}s). */
    private final class IdRange implements Source {

        private final Class<?> type;
        private final Object low;
        private final boolean lowInclusive;
        private final Object high;
        private final boolean highInclusive;

        IdRange(Class<?> type, Object low, boolean lowInclusive, Object high, boolean highInclusive) {
            this.type = type;
            this.low = low == null ? least(type) : convert(low, type);
            this.lowInclusive = low == null || lowInclusive;
            this.high = high == null ? greatest(type) : convert(high, type);
            this.highInclusive = high == null || highInclusive;
        }

        private static Object least(Class<?> type) {
            return type == String.class ? "" : type == Integer.class ? (Object) Integer.MIN_VALUE
                    : type == Long.class ? (Object) Long.MIN_VALUE : (Object) Double.NEGATIVE_INFINITY;
        }

        private Object greatest(Class<?> type) {
            if (type == String.class) {
                Object last = data.isEmpty() ? null : data.lastKey();
                return last instanceof String s ? s : "\uFFFF\uFFFF\uFFFF\uFFFF";
            }
            return type == Integer.class ? (Object) Integer.MAX_VALUE : type == Long.class ? (Object) Long.MAX_VALUE : (Object) Double.NaN;
        }

        private static Object convert(Object bound, Class<?> type) {
            if (type == String.class || !(bound instanceof Number n)) {
                return bound;
            }
            if (type == Double.class) {
                return n.doubleValue();
            }
            if (type == Integer.class) {
                long l = n.longValue();
                return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, l));
            }
            return n.longValue();
        }

        long estimate() {
            return Math.max(0, slot(high, true) - slot(low, false));
        }

        private long slot(Object bound, boolean upper) {
            long i = data.getKeyIndex(bound);
            return i < 0 ? -(i + 1) : i + (upper ? 1 : 0);
        }

        @Override
        public Stream<Object> positions() {
            Iterator<Map.Entry<String, Object>> it = ordered(false);
            return Stream.iterate(it, Iterator::hasNext, i -> i).map(i -> i.next().getValue());
        }

        @Override
        public boolean orders(String field) {
            return field.equals("_id");
        }

        @Override
        public Iterator<Map.Entry<String, Object>> ordered(boolean descending) {
            // keys are grouped by type, each group in its own order: start at one bound, stop on leaving the group or
            // passing the other bound
            Cursor<Object, Document> c = data.cursor(descending ? high : low, null, descending);
            return new Iterator<>() {
                private Object next = advance();

                private Object advance() {
                    while (c.hasNext()) {
                        Object k = c.next();
                        if (k == null || k.getClass() != type || !(descending ? aboveLow(k) : belowHigh(k))) {
                            return null;
                        }
                        if (descending ? belowHigh(k) : aboveLow(k)) {
                            return k;
                        }
                    }
                    return null;
                }

                @Override
                public boolean hasNext() {
                    return next != null;
                }

                @Override
                public Map.Entry<String, Object> next() {
                    Object k = next;
                    next = advance();
                    return Map.entry(IndexKeys.encodeOrOther(k), k);
                }
            };
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private boolean aboveLow(Object k) {
            int c = ((Comparable) k).compareTo(low);
            return lowInclusive ? c >= 0 : c > 0;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private boolean belowHigh(Object k) {
            int c = ((Comparable) k).compareTo(high);
            return highInclusive ? c <= 0 : c < 0;
        }
    }

    /** The current entry of one ordered source, for the merge. */
    private static final class Head {
        private final Iterator<Map.Entry<String, Object>> entries;
        private String suffix;
        private Object position;

        Head(Iterator<Map.Entry<String, Object>> entries) {
            this.entries = entries;
        }

        boolean advance() {
            if (!entries.hasNext()) {
                return false;
            }
            Map.Entry<String, Object> e = entries.next();
            suffix = e.getKey();
            position = e.getValue();
            return true;
        }
    }
}
