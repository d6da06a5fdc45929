package dev.vigil.logs;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where log lines are kept and searched: the embedded Lucene index today ({@code search/LogIndex}), and the
 * interface another backend (OpenSearch, ...) implements and proves with {@code LogStoreContract}. Writes are
 * searchable at once and durable at {@link #commit()}.
 */
public interface LogStore extends AutoCloseable {

    /** One line to keep: when, from where, its text, its decoded fields, and the rule it ended on. */
    record Entry(Instant time, String host, String location, String message, Map<String, String> fields, Integer rule,
                 int level, boolean alert, List<String> groups) {}

    /** A search hit. {@code id} names it for {@link #around}. */
    record Hit(String id, Instant time, String host, String location, String message, Map<String, String> fields,
               Integer rule, int level) {}

    /** A page of results, newest first, with the total and a histogram of matches over the range. */
    record Page(long total, List<Hit> hits, List<long[]> histogram) {}

    /** A search that ran out of its time budget; it stopped and says so rather than going on unseen. */
    final class TooSlow extends RuntimeException {
        public TooSlow(Duration budget) {
            super("the search took longer than " + budget.toSeconds() + "s and was stopped; narrow the time range "
                    + "or the query", null, false, false);
        }
    }

    void add(Entry entry) throws IOException;

    /** Makes every line added so far durable. */
    void commit() throws IOException;

    /**
     * Lines matching {@code query} (Lucene syntax: {@code host:shop AND status:502}) between two moments,
     * newest first, a page at a time, with a histogram of {@code buckets} bars over the range (0: none).
     */
    Page search(String query, Instant from, Instant to, int offset, int limit, int buckets) throws IOException;

    /** How many lines match {@code query} between two moments. */
    long count(String query, Instant from, Instant to) throws IOException;

    /** The lines of the same source around a hit: {@code before} older ones, the hit, {@code after} newer ones. */
    List<Hit> around(String id, int before, int after) throws IOException;

    /** Forgets whole days older than {@code keep}; returns how many. */
    int prune(Duration keep) throws IOException;

    @Override
    void close();
}
