package dev.vigil.agent.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * One thing an agent produced, numbered in the order it was produced ({@code seq}, from 1, never reused): the
 * server applies each number once, which makes the agent's at-least-once sending exactly-once in effect.
 * Times are epoch milliseconds on the agent's clock.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({@JsonSubTypes.Type(value = Item.Line.class, name = "line"), @JsonSubTypes.Type(value = Item.Sample.class, name = "sample"),
        @JsonSubTypes.Type(value = Item.Result.class, name = "result"), @JsonSubTypes.Type(value = Item.Finding.class, name = "finding")})
public sealed interface Item {
    long seq();

    long at();

    /** The same item with its number (the buffer numbers items as it stores them). */
    Item numbered(long seq);

    /** A raw log line; {@code offset} is where the next line starts in the file (identified by {@code file}, its inode). */
    record Line(long seq, long at, String path, String file, long offset, String text) implements Item {
        public Item numbered(long s) { return new Line(s, at, path, file, offset, text); }
    }

    /** One metric value; {@code max} makes it a capacity series (disk bytes of a mount's size), null otherwise. */
    record Sample(long seq, long at, String name, String unit, double value, Double max) implements Item {
        public Item numbered(long s) { return new Sample(s, at, name, unit, value, max); }
    }

    /** A check result: an exec check of the plan, or one a local script submitted ({@code vigil agent submit}). */
    record Result(long seq, long at, String host, String service, int state, String output) implements Item {
        public Item numbered(long s) { return new Result(s, at, host, service, state, output); }
    }

    /**
     * A file change or an audit finding (or its end), judged on the agent as the server judges its own: the event as
     * it would be raised there. {@code source} is "integrity" or "audit"; {@code event} a kind's id ("problem",
     * "recovery", "package"); {@code fingerprint} identifies the problem on this host, so its recovery closes it.
     */
    record Finding(long seq, long at, String source, String event, String severity, String title, String details, String fingerprint,
                   Map<String, String> tags) implements Item {
        public Finding {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        public Item numbered(long s) { return new Finding(s, at, source, event, severity, title, details, fingerprint, tags); }
    }
}
