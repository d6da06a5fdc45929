package dev.vigil.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.core.event.Event;
import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.integrity.audit.AuditContext;
import dev.vigil.integrity.config.IntegrityPlan;
import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.integrity.fim.InMemoryFimStore;
import dev.vigil.integrity.fim.packages.Dpkg;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Integrity on its own: simulated time, the in-memory stores and event log, a test tree as the system. */
class IntegrityTest {
    @TempDir
    Path dir;

    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-03-05T04:00:00Z"));
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final InMemoryFindingStore findings = new InMemoryFindingStore(scheduler.clock());

    private Integrity integrity(java.util.concurrent.Executor workers) {
        Dpkg none = new Dpkg(dir.resolve("no-dpkg"), dir.resolve("no-dpkg.log"), ZoneOffset.UTC, dir.resolve("no-dpkg-query"));
        return new Integrity(scheduler, workers, events, new InMemoryFimStore(), findings, new Seen(), none, dir.resolve("root"));
    }

    private IntegrityPlan plan(Path tree, boolean realtime, int groupAbove) {
        return new IntegrityPlan(true, List.of(FimPath.of(tree.toString())), List.of("/var/www"), Duration.ofHours(1),
                Duration.ofHours(6), realtime, groupAbove);
    }

    private List<Event> raised() {
        return events.after(0, 1000).stream().map(EventLog.Logged::event).toList();
    }

    @Test
    void theFirstScanIsTheBaselineAChangeIsRaisedOnceAndAcceptingClosesIt() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("app.conf"), "listen 80\n");
        Files.writeString(tree.resolve("passwd"), "root:x:0:0::/root:/bin/bash\n");
        try (Integrity integrity = integrity(Runnable::run)) {
            integrity.apply(plan(tree, false, 20), "shop");
            scheduler.advance(Duration.ofSeconds(5)); // the first scan: the baseline, silently
            assertThat(raised()).isEmpty();

            Files.writeString(tree.resolve("app.conf"), "listen 8080\n");
            Files.writeString(tree.resolve("passwd"), "root:x:0:0::/root:/bin/bash\nmallory:x:0:0::/:/bin/sh\n");
            scheduler.advance(Duration.ofHours(1));
            assertThat(raised()).extracting(Event::title, Event::severity).containsExactlyInAnyOrder(
                    org.assertj.core.groups.Tuple.tuple(tree.resolve("app.conf") + " modified on shop", Severity.WARNING),
                    org.assertj.core.groups.Tuple.tuple(tree.resolve("passwd") + " modified on shop", Severity.CRITICAL));
            assertThat(integrity.pending()).extracting(FileChange::path).contains(tree.resolve("app.conf").toString());

            scheduler.advance(Duration.ofHours(1)); // still pending: nothing new
            assertThat(raised()).hasSize(2);

            integrity.accept(tree.resolve("app.conf").toString());
            assertThat(raised()).hasSize(3).last().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.RECOVERY);
                assertThat(e.title()).isEqualTo(tree.resolve("app.conf") + " modified: accepted or reverted");
            });
            assertThat(integrity.pending()).extracting(FileChange::path).doesNotContain(tree.resolve("app.conf").toString());
        }
    }

    @Test
    void manyChangesInOneScanAreOneEventAndASetuidBitIsCritical() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/usr/bin"));
        Files.writeString(tree.resolve("tool"), "#!/bin/sh\n");
        try (Integrity integrity = integrity(Runnable::run)) {
            integrity.apply(plan(tree, false, 3), "shop");
            scheduler.advance(Duration.ofSeconds(5));
            for (int i = 0; i < 5; i++) {
                Files.writeString(tree.resolve("new-" + i), "x");
            }
            scheduler.advance(Duration.ofHours(1));
            assertThat(raised()).singleElement().extracting(Event::title).isEqualTo("5 files changed on shop (a package upgrade?)");

            Files.setAttribute(tree.resolve("tool"), "unix:mode", 04755);
            scheduler.advance(Duration.ofHours(1));
            assertThat(raised()).last().satisfies(e -> {
                assertThat(e.title()).isEqualTo(tree.resolve("tool") + " gained the SUID/SGID bit on shop");
                assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
            });
        }
    }

    @Test
    void theAuditRaisesAWorldWritableWebFolderOnceAndRecoversWhenItIsFixed() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("root/var/www/shop/tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path tree = Files.createDirectories(dir.resolve("tree"));
        try (Integrity integrity = integrity(Runnable::run)) {
            integrity.apply(plan(tree, false, 20), "shop");
            scheduler.advance(Duration.ofSeconds(15));
            List<Event> first = raised().stream().filter(e -> e.source().equals("audit")).toList();
            assertThat(first).anySatisfy(e -> {
                assertThat(e.title()).startsWith("web-root-777: /var/www/shop/tmp on shop");
                assertThat(e.severity()).isEqualTo(Severity.CRITICAL);
            });
            assertThat(integrity.findings()).extracting(FindingStore.Open::path).contains("/var/www/shop/tmp");

            scheduler.advance(Duration.ofHours(6)); // still there: not raised again
            assertThat(raised().stream().filter(e -> e.source().equals("audit"))).hasSameSizeAs(first);

            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-x---"));
            scheduler.advance(Duration.ofHours(6));
            assertThat(raised()).last().satisfies(e -> {
                assertThat(e.kind()).isEqualTo(EventKind.RECOVERY);
                assertThat(e.title()).contains("/var/www/shop/tmp on shop is fixed");
            });
            assertThat(integrity.findings()).extracting(FindingStore.Open::path).doesNotContain("/var/www/shop/tmp");
        }
    }

    @Test
    void turningIntegrityOffStopsItsScansAndAudits() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        try (Integrity integrity = integrity(Runnable::run)) {
            integrity.apply(plan(tree, false, 20), "shop");
            assertThat(scheduler.pending()).isEqualTo(2);
            integrity.apply(IntegrityPlan.OFF, "shop");
            assertThat(scheduler.pending()).isZero();
        }
    }

    @Test
    void realTimeWatchingRaisesAChangeWithoutWaitingForTheNextScan() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/etc"));
        Files.writeString(tree.resolve("app.conf"), "listen 80\n");
        ExecutorService workers = Executors.newCachedThreadPool();
        try (Integrity integrity = integrity(workers)) {
            integrity.apply(plan(tree, true, 20), "shop");
            integrity.scanNow(); // the baseline
            Files.createDirectories(tree.resolve("conf.d"));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Files.writeString(tree.resolve("conf.d/new.conf"), "x"); // in a directory created after watching began
                assertThat(raised()).extracting(Event::title).contains(tree.resolve("conf.d/new.conf") + " added on shop");
            });
        } finally {
            workers.shutdownNow();
        }
    }

    /** What the audit remembers between runs, in memory. */
    private static final class Seen implements AuditContext.Seen {
        private final Map<String, Set<String>> seen = new HashMap<>();

        @Override
        public Set<String> previous(String kind) {
            return seen.get(kind);
        }

        @Override
        public void remember(String kind, Set<String> items) {
            seen.put(kind, Set.copyOf(items));
        }
    }
}
