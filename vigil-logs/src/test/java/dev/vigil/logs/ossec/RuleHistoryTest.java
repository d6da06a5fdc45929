package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RuleHistory's bucketed search must decide exactly as OSSEC's Search_LastSids walk over the whole list does.
 * The reference here is that walk, written plainly; both run on random streams where two rules of different
 * levels keep the same events (so one rule's counting stops the other's walks), with keys, gaps and limits
 * chosen to make every stop condition happen.
 */
class RuleHistoryTest {

    /** OSSEC's walk: newest first over every kept event, stopping at the timeframe or an event already counted. */
    private static final class Reference {
        final Rule rule;
        final int limit;
        final ArrayDeque<LogEvent> all = new ArrayDeque<>();

        Reference(Rule rule, int limit) {
            this.rule = rule;
            this.limit = limit;
        }

        void add(LogEvent e) {
            all.addLast(e);
            while (all.size() > limit) {
                all.pollFirst();
            }
        }

        List<String> search(LogEvent now) {
            long seconds = now.time.getEpochSecond();
            while (!all.isEmpty() && seconds - all.peekFirst().time.getEpochSecond() > rule.timeframe) {
                all.pollFirst();
            }
            LogEvent newest = all.peekLast();
            int count = 0;
            List<String> found = new ArrayList<>();
            Iterator<LogEvent> it = all.descendingIterator();
            while (it.hasNext()) {
                LogEvent old = it.next();
                if (seconds - old.time.getEpochSecond() > rule.timeframe || old.matched >= rule.level) {
                    return null;
                }
                boolean fits = (!rule.sameSourceIp || eq(old.field(Field.SRCIP), now.field(Field.SRCIP)))
                        && (!rule.sameUser || eq(old.field(Field.DSTUSER), now.field(Field.DSTUSER)))
                        && rule.sameFields.stream().allMatch(f -> eq(old.field(f), now.field(f)))
                        && rule.differentFields.stream().allMatch(f -> old.field(f) != null && now.field(f) != null
                        && !old.field(f).equals(now.field(f)));
                if (!fits) {
                    continue;
                }
                found.add(old.fullLog);
                if (count < rule.frequency) {
                    count++;
                    continue;
                }
                old.matched = rule.level;
                now.matched = rule.level;
                newest.matched = rule.level;
                Collections.reverse(found);
                return found.subList(Math.max(0, found.size() - 20), found.size());
            }
            return null;
        }

        private static boolean eq(String a, String b) {
            return a != null && a.equals(b);
        }
    }

    private static Rule rule(int id, int level, int frequency, int timeframe) {
        Rule r = new Rule(id, "test.xml", 1);
        r.level = level;
        r.frequency = frequency;
        r.timeframe = timeframe;
        return r;
    }

    @Test
    void bucketedSearchDecidesAsTheWholeWalkOnRandomStreams() {
        int fires = 0;
        for (int seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            Rule low = rule(1, 8, 1 + random.nextInt(4), 5 + random.nextInt(60));
            low.sameSourceIp = true;
            Rule high = rule(2, 10, 1 + random.nextInt(6), 5 + random.nextInt(60));
            high.sameUser = random.nextBoolean();
            high.sameFields = List.of("app.name");
            high.differentFields = random.nextBoolean() ? List.of("port") : List.of();
            int limit = 5 + random.nextInt(40);
            List<Rule> rules = List.of(low, high);
            List<RuleHistory> fast = List.of(new RuleHistory(low, limit), new RuleHistory(high, limit));
            List<Reference> slow = List.of(new Reference(low, limit), new Reference(high, limit));
            long t = 0;
            long seq = 0;
            for (int i = 0; i < 400; i++) {
                t += random.nextInt(3) == 0 ? random.nextInt(30) : 0;
                String[] values = {
                    random.nextInt(10) == 0 ? null : "10.0.0." + random.nextInt(3),
                    random.nextInt(10) == 0 ? null : "user" + random.nextInt(2),
                    random.nextInt(10) == 0 ? null : "app" + random.nextInt(2),
                    String.valueOf(random.nextInt(4)),
                };
                LogEvent a = event("line " + i, t, ++seq, values);
                LogEvent b = event("line " + i, t, seq, values);
                boolean[] completed = new boolean[rules.size()];
                for (int r = 0; r < rules.size(); r++) {
                    List<String> expected = slow.get(r).search(b);
                    List<String> actual = fast.get(r).search(a);
                    assertThat(actual).as("seed %d, event %d, rule %d", seed, i, rules.get(r).id).isEqualTo(expected);
                    assertThat(a.matched).isEqualTo(b.matched);
                    completed[r] = actual != null;
                    fires += completed[r] ? 1 : 0;
                }
                // As in the analyzer: an event that completes a correlation rule ends on it, so it is not kept
                // as one more event of the rule it watches.
                for (int r = 0; r < rules.size(); r++) {
                    if (!completed[r]) {
                        fast.get(r).add(a);
                        slow.get(r).add(b);
                    }
                }
            }
        }
        assertThat(fires).as("the streams must make the rules fire").isGreaterThan(1000);
    }

    private static LogEvent event(String line, long second, long seq, String[] values) {
        LogEvent e = new LogEvent(line, "/var/log/auth.log", Instant.ofEpochSecond(second));
        e.seq = seq;
        e.fields[Field.SRCIP.ordinal()] = values[0];
        e.fields[Field.DSTUSER.ordinal()] = values[1];
        if (values[2] != null) {
            e.set("app.name", values[2]);
        }
        e.set("port", values[3]);
        return e;
    }
}
