package dev.vigil.bench;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EvidenceLink;
import dev.vigil.core.event.Sample;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.incidents.Incident;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Server time of one incident's page with EVENTS events naming SERIES series (issue 16's target: 500 events and
 * 10 series under 200 ms): the events are appended to the log within the grouping window, so the correlator makes
 * them one incident; each links its series and a log search, as metric and log alerts do.
 *
 * <p>Usage: {@code IncidentPage [EVENTS=500] [SERIES=10] [REQUESTS=100]}
 */
public final class IncidentPage {
    private IncidentPage() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int seriesCount = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path dir = Files.createTempDirectory("vigil-incident-page");
        Files.writeString(dir.resolve("vigil.yml"), "server:\n  data: " + dir.resolve("data") + "\nhosts:\n  - {name: db1, address: 10.0.0.2}\n");
        ConfigFiles files = new ConfigFiles(dir.resolve("vigil.yml"), "vigil.yml");
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system()); var workers = SystemScheduler.workers()) {
            Vigil vigil = new Vigil(files, files.load(InstantSource.system(), List.of(), List.of()), scheduler, workers, new Random(3));
            vigil.start();
            Instant now = Instant.now();
            Instant from = now.minus(Duration.ofHours(2));
            Random random = new Random(7);
            List<String> names = new ArrayList<>();
            for (int s = 0; s < seriesCount; s++) {
                names.add(s == 0 ? "load.1min" : "disk./d" + s + ".percent");
            }
            List<Sample> samples = new ArrayList<>();
            for (Instant t = from; t.isBefore(now); t = t.plusSeconds(60)) {
                for (String n : names) {
                    samples.add(new Sample("db1", n, n.startsWith("disk") ? "%" : "", t, 40 + random.nextGaussian(), Double.NaN, Double.NaN,
                            100, n.startsWith("disk"), "agent"));
                }
            }
            vigil.metrics().record(samples);
            List<Event> events = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Instant at = now.minus(Duration.ofMinutes(90)).plusSeconds(i * 10L); // one every 10 s: all within the window
                String name = names.get(i % names.size());
                events.add(Event.of(EventKind.PROBLEM, at, "db1", "metric", i % 7 == 0 ? Severity.CRITICAL : Severity.WARNING,
                                name + " on db1 is above 90 (" + i + ")", Event.fingerprint("bench", String.valueOf(i)))
                        .withDetails("value " + (90 + i % 10) + " %")
                        .withEvidence(List.of(EvidenceLink.series("graph of " + name, "db1", name, at.minus(Duration.ofHours(1)), at),
                                EvidenceLink.logs("matching log lines", "host:db1 AND rule:100247", at.minusSeconds(900), at.plusSeconds(300))))
                        .withTags(Map.of("series", name)));
            }
            vigil.events().append(events);
            vigil.incidents().pull();
            Incident incident = vigil.incidents().list(null, 10).getFirst();
            System.out.printf("incident #%d: %d events, %d series%n", incident.id(), incident.events(), names.size());
            if (incident.events() != count) {
                throw new IllegalStateException("the events did not make one incident: " + incident.events());
            }
            try (PageTimer pages = new PageTimer(vigil)) {
                pages.time("incident page", "/incidents/" + incident.id(), requests);
            }
            vigil.close();
            workers.shutdownNow();
        }
    }
}
