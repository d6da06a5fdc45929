package dev.vigil.logs.ossec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The events one correlation rule may look back at, oldest first, and OSSEC's Search_LastSids over them.
 *
 * <p>OSSEC walks the whole list newest first, stopping at the first event a rule of this level already counted.
 * Under a flood that is thousands of events for every line the rule is tried on, so the events are also kept
 * in buckets by the values the rule's same_* options compare (only a bucket can hold events that fit), and the
 * place OSSEC's walk would stop is kept as the newest counted event ({@code barrier}): the walk over one bucket
 * down to it sees exactly the events that fit that OSSEC's walk sees, in the same order.
 */
final class RuleHistory {
    private final Rule rule;
    private final int limit;
    private final ArrayDeque<LogEvent> all = new ArrayDeque<>();
    private final Map<List<String>, ArrayDeque<LogEvent>> buckets = new HashMap<>();
    /** The sequence number of the newest kept event counted at this rule's level or above; 0 when none. */
    private long barrier;

    RuleHistory(Rule rule, int limit) {
        this.rule = rule;
        this.limit = limit;
    }

    /** Keeps {@code e} (it matched a rule this one watches), dropping the oldest past the limit. */
    void add(LogEvent e) {
        all.addLast(e);
        List<String> key = key(rule, e);
        // Without a same_* value it can never fit (as in OSSEC, where it never compares equal), but it still
        // counts for the limit and can be the newest event the walk starts at.
        if (key != null) {
            buckets.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(e);
        }
        e.keptBy.add(this);
        counted(e);
        while (all.size() > limit) {
            dropOldest();
        }
    }

    /** Called when {@code e}'s matched level rose: it may now stop this rule's walks. */
    void counted(LogEvent e) {
        if (e.matched >= rule.level && e.seq > barrier) {
            barrier = e.seq;
        }
    }

    /**
     * Whether {@code now} completes the rule: more than {@code frequency} kept events within the timeframe fit
     * it, newer than the last counted one. On success, marks what it counted (as OSSEC does) and returns the
     * evidence, oldest first (at most 20 lines); null otherwise.
     */
    List<String> search(LogEvent now) {
        long seconds = now.time.getEpochSecond();
        // Forget what fell out of the timeframe (oldest first), so memory follows the window.
        while (!all.isEmpty() && seconds - all.peekFirst().time.getEpochSecond() > rule.timeframe) {
            dropOldest();
        }
        LogEvent newest = all.peekLast();
        if (newest == null || newest.seq <= barrier) {
            return null;
        }
        List<String> key = key(rule, now);
        ArrayDeque<LogEvent> bucket = key == null ? null : buckets.get(key);
        if (bucket == null) {
            return null;
        }
        int count = 0;
        List<String> found = new ArrayList<>();
        Iterator<LogEvent> it = bucket.descendingIterator();
        while (it.hasNext()) {
            LogEvent old = it.next();
            if (old.seq <= barrier || seconds - old.time.getEpochSecond() > rule.timeframe) {
                return null;
            }
            if (!different(rule, old, now)) {
                continue;
            }
            found.add(old.fullLog);
            if (count < rule.frequency) {
                count++;
                continue;
            }
            mark(old);
            mark(now);
            mark(newest);
            Collections.reverse(found);
            return List.copyOf(found.subList(Math.max(0, found.size() - 20), found.size()));
        }
        return null;
    }

    private void mark(LogEvent e) {
        e.matched = rule.level;
        for (RuleHistory h : e.keptBy) {
            h.counted(e);
        }
    }

    private void dropOldest() {
        LogEvent old = all.pollFirst();
        old.keptBy.remove(this);
        List<String> key = key(rule, old);
        if (key == null) {
            return;
        }
        ArrayDeque<LogEvent> bucket = buckets.get(key);
        bucket.pollFirst();
        if (bucket.isEmpty()) {
            buckets.remove(key);
        }
    }

    /** The values the rule's same_* options compare, or null when one is missing. */
    private static List<String> key(Rule r, LogEvent e) {
        List<String> key = new ArrayList<>(4);
        return add(key, r.sameId, e.fields[Field.ID.ordinal()])
                && add(key, r.sameSourceIp, e.fields[Field.SRCIP.ordinal()])
                && add(key, r.sameSrcPort, e.fields[Field.SRCPORT.ordinal()])
                && add(key, r.sameDstPort, e.fields[Field.DSTPORT.ordinal()])
                && add(key, r.sameUser, e.fields[Field.DSTUSER.ordinal()])
                && add(key, r.sameLocation, e.location)
                && add(key, r.sameUrl, e.fields[Field.URL.ordinal()])
                && sameFields(key, r, e) ? key : null;
    }

    private static boolean add(List<String> key, boolean compared, String value) {
        if (!compared) {
            return true;
        }
        key.add(value);
        return value != null;
    }

    private static boolean sameFields(List<String> key, Rule r, LogEvent e) {
        for (String f : r.sameFields) {
            if (!add(key, true, e.field(f))) {
                return false;
            }
        }
        return true;
    }

    /** The different_* options: both values present and unequal. */
    private static boolean different(Rule r, LogEvent old, LogEvent now) {
        if (r.differentUrl && !differs(old.fields[Field.URL.ordinal()], now.fields[Field.URL.ordinal()])) {
            return false;
        }
        for (String f : r.differentFields) {
            if (!differs(old.field(f), now.field(f))) {
                return false;
            }
        }
        return true;
    }

    private static boolean differs(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }
}
