package dev.vigil.threats.source;

import dev.vigil.threats.triage.Document;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.threats.watch.WatchList;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * One run of a source: the web to fetch from, the watch list, the resume point to read and move, and where
 * found documents go. {@link #found} returns once the document is judged and its finding stored, and
 * {@link #checkpoint} makes the moved resume point durable.
 */
public final class Pull {
    private final Web web;
    private final WatchList watch;
    private final ObjectNode resume;
    private final Consumer<Document> sink;
    private final Runnable save;
    private final Instant now;
    private int documents;

    public Pull(Web web, WatchList watch, ObjectNode resume, Consumer<Document> sink, Runnable save, Instant now) {
        this.web = web;
        this.watch = watch;
        this.resume = resume;
        this.sink = sink;
        this.save = save;
        this.now = now;
    }

    public Web web() {
        return web;
    }

    public WatchList watch() {
        return watch;
    }

    /** The source's resume point: a JSON object it reads and changes (kept across restarts). */
    public ObjectNode resume() {
        return resume;
    }

    public Instant now() {
        return now;
    }

    public void found(Document d) {
        documents++;
        sink.accept(d);
    }

    /** How many documents this run handed over. */
    public int documents() {
        return documents;
    }

    public void checkpoint() {
        save.run();
    }

    /**
     * Remembers an item id as handled, keeping the newest {@code keep}: a source whose list has no order to
     * resume from (a paste site's latest items) skips what it has seen.
     */
    public void remember(String list, String id, int keep) {
        ArrayNode ids = resume.withArray(list);
        ids.add(id);
        while (ids.size() > keep) {
            ids.remove(0);
        }
    }

    public boolean remembered(String list, String id) {
        if (!resume.has(list)) {
            return false;
        }
        for (var n : resume.get(list)) {
            if (n.asText().equals(id)) {
                return true;
            }
        }
        return false;
    }
}
