package dev.vigil.notify.report;

import dev.vigil.core.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A routine report over a window of time: problems opened and closed, the noisiest services, the longest
 * outages, availability per host and service, events by source, and what is still open. Computed from the
 * event log alone (problem and recovery events), so it is the same whichever check produced them.
 *
 * @param availability per object ("host" or "host/service"), the share of the window it was not in a
 *     confirmed problem, in percent
 */
public record Digest(String title, Instant from, Instant to, int opened, int closed, List<Count> noisiest,
                     List<Outage> longestOutages, Map<String, Double> availability, Map<String, Integer> bySource,
                     List<String> stillOpen) {

    public record Count(String what, int events) {}

    public record Outage(String what, Instant start, Instant end, Duration length, boolean ongoing) {}

    /**
     * @param events every event of the window, oldest first, plus any earlier problem still open at its start
     * @param objects every monitored host and service, so those without events count as 100% available
     * @param stillOpen titles of the current confirmed problems
     */
    public static Digest compute(String title, Instant from, Instant to, List<Event> events, List<String> objects,
                                 List<String> stillOpen) {
        int opened = 0;
        int closed = 0;
        Map<String, Integer> noise = new HashMap<>();
        Map<String, Integer> bySource = new TreeMap<>();
        Map<String, Instant> openSince = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        Map<String, Duration> down = new HashMap<>();
        List<Outage> outages = new ArrayList<>();
        for (Event e : events) {
            String what = (e.host() == null ? e.source() : e.host()) + (e.tags().containsKey("service") ? "/" + e.tags().get("service") : "");
            names.put(e.fingerprint(), what);
            boolean inWindow = !e.when().isBefore(from);
            if (inWindow) {
                bySource.merge(e.source(), 1, Integer::sum);
                noise.merge(what, 1, Integer::sum);
            }
            switch (e.kind()) {
                case PROBLEM -> {
                    if (inWindow) {
                        opened++;
                    }
                    openSince.putIfAbsent(e.fingerprint(), e.when().isBefore(from) ? from : e.when());
                }
                case RECOVERY -> {
                    Instant start = openSince.remove(e.fingerprint());
                    if (inWindow) {
                        closed++;
                    }
                    if (start != null) {
                        Duration d = Duration.between(start, e.when());
                        down.merge(what, d, Duration::plus);
                        outages.add(new Outage(what, start, e.when(), d, false));
                    }
                }
                default -> { }
            }
        }
        openSince.forEach((fp, start) -> {
            String what = names.get(fp);
            Duration d = Duration.between(start, to);
            down.merge(what, d, Duration::plus);
            outages.add(new Outage(what, start, to, d, true));
        });
        Duration window = Duration.between(from, to);
        Map<String, Double> availability = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(objects);
        down.keySet().stream().filter(k -> !all.contains(k)).forEach(all::add);
        all.stream().sorted().forEach(o -> {
            Duration d = down.getOrDefault(o, Duration.ZERO);
            double pct = window.isZero() ? 100 : 100.0 * (1 - Math.min(1, (double) d.toMillis() / window.toMillis()));
            availability.put(o, Math.round(pct * 1000) / 1000.0);
        });
        List<Count> noisiest = noise.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(10).map(en -> new Count(en.getKey(), en.getValue())).toList();
        outages.sort(Comparator.comparing(Outage::length).reversed());
        return new Digest(title, from, to, opened, closed, noisiest, outages.subList(0, Math.min(10, outages.size())),
                availability, bySource, List.copyOf(stillOpen));
    }
}
