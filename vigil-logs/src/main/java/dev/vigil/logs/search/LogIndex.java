package dev.vigil.logs.search;

import dev.vigil.logs.LogStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.core.KeywordAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;

/**
 * Every line and every alert, searchable as in Kibana: an embedded Lucene index partitioned by day (one
 * folder per UTC day, dropped whole when it falls out of the retention). Decoded fields are keyword fields
 * ({@code srcip:203.0.113.5}, {@code url:"/wp-login.php"}, {@code status:502}); the line is full text;
 * {@code level} is numeric ({@code level:[10 TO 15]}). Queries use Lucene's syntax. Writes become visible to
 * searches at once and durable at {@link #commit()}.
 */
public final class LogIndex implements LogStore {
    /** Fields kept as exact keywords (the decoder fields and where a line came from). */
    public static final Set<String> KEYWORDS = Set.of("host", "location", "decoder", "program", "srcip", "dstip", "srcport",
            "dstport", "protocol", "action", "user", "srcuser", "dstuser", "url", "status", "id", "extra_data",
            "system_name", "rule", "group", "alert", "sender");
    private static final int MAX_WINDOW = 10_000;

    private final Path dir;
    private final Duration retention;
    private final InstantSource clock;
    private final Analyzer analyzer;
    private final Map<String, Day> days = new TreeMap<>();

    /** How long one search may run; past it the search stops and says so (the work does not go on unseen). */
    static final Duration SEARCH_BUDGET = Duration.ofSeconds(10);


    /**
     * One day's partition. Searches take a searcher from its {@link SearcherManager}, near-real-time from the
     * writer, so a search never holds a lock that indexing needs, and indexing never waits for a search.
     */
    private static final class Day {
        final IndexWriter writer;
        final SearcherManager searchers;
        long seq;

        Day(IndexWriter writer) throws IOException {
            this.writer = writer;
            this.searchers = new SearcherManager(writer, null);
            this.seq = writer.getDocStats().maxDoc;
        }

        void close() throws IOException {
            searchers.close();
            writer.close(); // commits
        }
    }

    /** Searchers of the days in a range, released together: a consistent point-in-time view. */
    private static final class View implements AutoCloseable {
        final List<Day> days;
        final List<IndexSearcher> taken = new ArrayList<>();
        final IndexSearcher searcher;

        View(List<Day> days) throws IOException {
            this.days = days;
            try {
                for (Day d : days) {
                    d.searchers.maybeRefresh(); // returns at once if another search is refreshing this day
                    taken.add(d.searchers.acquire());
                }
            } catch (IOException | RuntimeException e) {
                close();
                throw e;
            }
            IndexReader[] readers = taken.stream().map(IndexSearcher::getIndexReader).toArray(IndexReader[]::new);
            this.searcher = new IndexSearcher(new MultiReader(readers, false));
            Instant deadline = Instant.now().plus(SEARCH_BUDGET);
            searcher.setTimeout(() -> Instant.now().isAfter(deadline) || Thread.currentThread().isInterrupted());
        }

        /** Throws {@link TooSlow} if the last search on this view ran out of time (its result is partial). */
        void checkTime() {
            if (searcher.timedOut()) {
                throw new TooSlow(SEARCH_BUDGET);
            }
        }

        @Override
        public void close() throws IOException {
            for (int i = 0; i < taken.size(); i++) {
                days.get(i).searchers.release(taken.get(i));
            }
        }
    }

    public LogIndex(Path dir, Duration retention, InstantSource clock) {
        this.dir = dir;
        this.retention = retention;
        this.clock = clock;
        Map<String, Analyzer> perField = new LinkedHashMap<>();
        KEYWORDS.forEach(k -> perField.put(k, new KeywordAnalyzer()));
        this.analyzer = new PerFieldAnalyzerWrapper(new StandardAnalyzer(), perField);
    }

    private static String dayOf(Instant t) {
        return LocalDate.ofInstant(t, ZoneOffset.UTC).toString();
    }

    private synchronized Day day(String name, boolean create) throws IOException {
        Day d = days.get(name);
        if (d == null) {
            Path p = dir.resolve(name);
            if (!create && !Files.isDirectory(p)) {
                return null;
            }
            Files.createDirectories(p);
            IndexWriterConfig cfg = new IndexWriterConfig(analyzer);
            cfg.setRAMBufferSizeMB(32); // bounded memory however fast lines come
            IndexWriter w = new IndexWriter(FSDirectory.open(p), cfg);
            try {
                d = new Day(w);
            } catch (IOException e) {
                w.close();
                throw e;
            }
            days.put(name, d);
        }
        return d;
    }

    /** Adds one line; it is searchable at once and durable after the next {@link #commit()}. */
    @Override
    public synchronized void add(Entry e) throws IOException {
        String name = dayOf(e.time());
        Day d = day(name, true);
        long seq = d.seq++;
        Document doc = new Document();
        long t = e.time().toEpochMilli();
        doc.add(new LongPoint("time", t));
        doc.add(new NumericDocValuesField("time", t));
        doc.add(new StoredField("time", t));
        doc.add(new LongPoint("seq", seq));
        doc.add(new NumericDocValuesField("seq", seq));
        doc.add(new StoredField("seq", seq));
        doc.add(new StringField("day", name, Field.Store.YES));
        keyword(doc, "host", e.host());
        keyword(doc, "location", e.location());
        doc.add(new TextField("message", e.message(), Field.Store.YES));
        for (var f : e.fields().entrySet()) {
            String k = f.getKey().equals("program_name") ? "program" : f.getKey();
            if (KEYWORDS.contains(k) && !k.equals("host")) {
                keyword(doc, k, f.getValue());
            }
            if (k.equals("dstuser") || k.equals("srcuser")) {
                keyword(doc, "user", f.getValue());
            }
        }
        // OSSEC's web decoders put the HTTP status in "id"; people search for status:502, so it is both.
        String id = e.fields().get("id");
        if (id != null && !e.fields().containsKey("status") && id.length() == 3 && id.chars().allMatch(Character::isDigit)) {
            keyword(doc, "status", id);
        }
        if (e.rule() != null) {
            keyword(doc, "rule", String.valueOf(e.rule()));
            doc.add(new IntPoint("level", e.level()));
            doc.add(new StoredField("level", e.level()));
        }
        if (e.alert()) {
            keyword(doc, "alert", "true");
        }
        for (String g : e.groups()) {
            keyword(doc, "group", g);
        }
        d.writer.addDocument(doc);
    }

    private static void keyword(Document doc, String name, String value) {
        if (value != null && !value.isEmpty()) {
            doc.add(new StringField(name, value.length() > 8000 ? value.substring(0, 8000) : value, Field.Store.YES));
        }
    }

    /** Makes everything added so far durable (fsync'd): after this, a crash loses none of it. */
    @Override
    public synchronized void commit() throws IOException {
        for (Day d : days.values()) {
            if (d.writer.hasUncommittedChanges()) {
                d.writer.commit();
            }
        }
    }

    /** Lucene syntax plus the classic parser's gaps filled: {@code level} is numeric. */
    private Query parse(String q) {
        if (q == null || q.isBlank() || q.strip().equals("*")) {
            return new MatchAllDocsQuery();
        }
        QueryParser p = new QueryParser("message", analyzer) {
            @Override
            protected Query getFieldQuery(String field, String text, boolean quoted) throws ParseException {
                if (field.equals("level")) {
                    try {
                        return IntPoint.newExactQuery("level", Integer.parseInt(text));
                    } catch (NumberFormatException e) {
                        throw new ParseException("level must be a number, not '" + text + "'");
                    }
                }
                return super.getFieldQuery(field, text, quoted);
            }

            @Override
            protected Query getRegexpQuery(String field, String regex) throws ParseException {
                RegexBudget.check(regex);
                return super.getRegexpQuery(field, regex);
            }

            @Override
            protected Query getRangeQuery(String field, String a, String b, boolean startInclusive, boolean endInclusive)
                    throws ParseException {
                if (field.equals("level")) {
                    try {
                        int lo = a == null || a.equals("*") ? Integer.MIN_VALUE : Integer.parseInt(a) + (startInclusive ? 0 : 1);
                        int hi = b == null || b.equals("*") ? Integer.MAX_VALUE : Integer.parseInt(b) - (endInclusive ? 0 : 1);
                        return IntPoint.newRangeQuery("level", lo, hi);
                    } catch (NumberFormatException e) {
                        throw new ParseException("level ranges take numbers");
                    }
                }
                return super.getRangeQuery(field, a, b, startInclusive, endInclusive);
            }
        };
        p.setAllowLeadingWildcard(false); // a leading wildcard scans every term: too slow to offer
        p.setDefaultOperator(QueryParser.Operator.AND);
        try {
            return p.parse(q);
        } catch (ParseException e) {
            // The classic parser wraps what getRegexpQuery refused; its message is the one to show.
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException((cause == e ? "invalid query: " : "") + firstLine(cause.getMessage()));
        } catch (TooComplexToDeterminizeException e) {
            throw new IllegalArgumentException("regular expression too complex; use smaller {min,max} bounds");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid query: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "cannot parse";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * The day partitions that exist between {@code from} and {@code to}: found by listing the index folder, never
     * by walking the calendar, so a range of ten thousand years costs what the retained days cost.
     */
    private synchronized TreeMap<String, Day> daysIn(Instant from, Instant to) throws IOException {
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        SortedSet<String> names = new TreeSet<>(days.keySet());
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
                s.forEach(p -> names.add(p.getFileName().toString()));
            }
        }
        TreeMap<String, Day> out = new TreeMap<>();
        for (String name : names) {
            LocalDate d;
            try {
                d = LocalDate.parse(name);
            } catch (RuntimeException e) {
                continue; // not a day partition
            }
            if (!d.isBefore(first) && !d.isAfter(last)) {
                Day day = day(name, false);
                if (day != null) {
                    out.put(name, day);
                }
            }
        }
        return out;
    }

    /** The range narrowed to the days that hold lines (a histogram over ten thousand empty years helps nobody). */
    private static Instant[] clamp(TreeMap<String, Day> in, Instant from, Instant to) {
        if (in.isEmpty()) {
            return new Instant[] {from, to};
        }
        Instant firstDay = LocalDate.parse(in.firstKey()).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant afterLast = LocalDate.parse(in.lastKey()).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant a = from.isBefore(firstDay) ? firstDay : from;
        Instant b = to.isAfter(afterLast) ? afterLast : to;
        return a.isBefore(b) ? new Instant[] {a, b} : new Instant[] {from, to};
    }

    private Query within(Query q, Instant from, Instant to) {
        return new BooleanQuery.Builder()
                .add(q, BooleanClause.Occur.MUST)
                .add(LongPoint.newRangeQuery("time", from.toEpochMilli(), to.toEpochMilli()), BooleanClause.Occur.FILTER)
                .build();
    }

    /**
     * Lines matching {@code query} between {@code from} and {@code to}, newest first, {@code limit} from
     * {@code offset} (at most 10,000 deep), with the total and {@code buckets} histogram counts.
     *
     * @throws IllegalArgumentException for a query that does not parse, with a message a user can act on
     */
    @Override
    public Page search(String query, Instant from, Instant to, int offset, int limit, int buckets) throws IOException {
        Query parsed = parse(query);
        TreeMap<String, Day> in = daysIn(from, to);
        Instant[] range = clamp(in, from, to);
        from = range[0];
        to = range[1];
        Query q = within(parsed, from, to);
        try (View v = new View(List.copyOf(in.values()))) {
            IndexSearcher s = v.searcher;
            long total = s.count(q);
            v.checkTime();
            int want = Math.min(MAX_WINDOW, offset + limit);
            List<Hit> hits = new ArrayList<>();
            if (want > 0 && want > offset) {
                TopDocs top = s.search(q, want, new Sort(new SortField("time", SortField.Type.LONG, true),
                        new SortField("seq", SortField.Type.LONG, true)));
                v.checkTime();
                StoredFields stored = s.storedFields();
                for (int i = offset; i < top.scoreDocs.length; i++) {
                    hits.add(hit(stored.document(top.scoreDocs[i].doc)));
                }
            }
            List<long[]> histogram = new ArrayList<>();
            if (buckets > 0) {
                long a = from.toEpochMilli();
                long width = Math.max(1, (to.toEpochMilli() - a) / buckets);
                for (int i = 0; i < buckets; i++) {
                    long lo = a + i * width;
                    long hi = i == buckets - 1 ? to.toEpochMilli() : lo + width - 1;
                    Query b = new BooleanQuery.Builder().add(parsed, BooleanClause.Occur.MUST)
                            .add(LongPoint.newRangeQuery("time", lo, hi), BooleanClause.Occur.FILTER).build();
                    histogram.add(new long[] {lo / 1000, s.count(b)});
                    v.checkTime();
                }
            }
            return new Page(total, hits, histogram);
        }
    }

    /** How many lines match in the range (for saved searches that alert). */
    @Override
    public long count(String query, Instant from, Instant to) throws IOException {
        Query q = within(parse(query), from, to);
        try (View v = new View(List.copyOf(daysIn(from, to).values()))) {
            long n = v.searcher.count(q);
            v.checkTime();
            return n;
        }
    }

    /** The lines from the same place just before and after a hit, oldest first, the hit included. */
    @Override
    public List<Hit> around(String id, int before, int after) throws IOException {
        int colon = id.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid hit id");
        }
        String dayName = id.substring(0, colon);
        long seq;
        try {
            LocalDate.parse(dayName);
            seq = Long.parseLong(id.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid hit id");
        }
        Instant dayStart = LocalDate.parse(dayName).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (View v = new View(List.copyOf(daysIn(dayStart, dayStart).values()))) {
            IndexSearcher s = v.searcher;
            TopDocs self = s.search(LongPoint.newExactQuery("seq", seq), 1);
            if (self.scoreDocs.length == 0) {
                throw new NoSuchElementException("no such line");
            }
            Hit hit = hit(s.storedFields().document(self.scoreDocs[0].doc));
            Query place = new TermQuery(new org.apache.lucene.index.Term("location", hit.location()));
            List<Hit> out = new ArrayList<>();
            Query earlier = new BooleanQuery.Builder().add(place, BooleanClause.Occur.FILTER)
                    .add(LongPoint.newRangeQuery("seq", Long.MIN_VALUE, seq - 1), BooleanClause.Occur.FILTER).build();
            for (ScoreDoc d : s.search(earlier, Math.max(1, before), new Sort(new SortField("seq", SortField.Type.LONG, true))).scoreDocs) {
                out.add(hit(s.storedFields().document(d.doc)));
            }
            Collections.reverse(out);
            out.add(hit);
            Query later = new BooleanQuery.Builder().add(place, BooleanClause.Occur.FILTER)
                    .add(LongPoint.newRangeQuery("seq", seq + 1, Long.MAX_VALUE), BooleanClause.Occur.FILTER).build();
            for (ScoreDoc d : s.search(later, Math.max(1, after), new Sort(new SortField("seq", SortField.Type.LONG, false))).scoreDocs) {
                out.add(hit(s.storedFields().document(d.doc)));
            }
            return out.subList(Math.max(0, out.indexOf(hit) - before), Math.min(out.size(), out.indexOf(hit) + after + 1));
        }
    }

    private static Hit hit(Document d) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (var f : d.getFields()) {
            String n = f.name();
            if (KEYWORDS.contains(n) && !Set.of("host", "location", "rule", "alert", "group").contains(n) && f.stringValue() != null) {
                fields.putIfAbsent(n, f.stringValue());
            }
        }
        var level = d.getField("level");
        String rule = d.get("rule");
        return new Hit(d.get("day") + ":" + d.getField("seq").numericValue().longValue(),
                Instant.ofEpochMilli(d.getField("time").numericValue().longValue()), d.get("host"), d.get("location"),
                d.get("message"), fields, rule == null ? null : Integer.valueOf(rule), level == null ? 0 : level.numericValue().intValue());
    }

    /** Drops the days that fell out of the retention; returns how many. */
    public int prune() throws IOException {
        return prune(retention);
    }

    /** The same with a retention other than the one given at construction (a reloaded setting). */
    @Override
    public synchronized int prune(Duration keep) throws IOException {
        LocalDate oldest = LocalDate.ofInstant(clock.instant().minus(keep), ZoneOffset.UTC);
        int n = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            for (Path p : s) {
                LocalDate d;
                try {
                    d = LocalDate.parse(p.getFileName().toString());
                } catch (RuntimeException e) {
                    continue;
                }
                if (d.isBefore(oldest)) {
                    Day open = days.remove(p.getFileName().toString());
                    if (open != null) {
                        open.close();
                    }
                    try (var walk = Files.walk(p)) {
                        walk.sorted(Comparator.reverseOrder()).forEach(f -> {
                            try {
                                Files.delete(f);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
                    }
                    n++;
                }
            }
        }
        return n;
    }

    @Override
    public synchronized void close() {
        for (Day d : days.values()) {
            try {
                d.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        days.clear();
    }
}
