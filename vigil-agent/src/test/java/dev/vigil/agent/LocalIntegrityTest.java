package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.Plan;
import dev.vigil.core.time.SystemScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File integrity on the agent: changes become buffered findings, once, and a restart neither re-baselines nor repeats. */
class LocalIntegrityTest {
    @TempDir
    Path dir;

    private List<Item.Finding> findings(Spool spool) {
        return spool.unsent(10_000, 1 << 24).stream().filter(i -> i instanceof Item.Finding).map(i -> (Item.Finding) i).toList();
    }

    @Test
    void changesAreShippedOnceAndAChangeMadeWhileTheAgentWasStoppedIsStillSeen() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "<h1>hello</h1>");
        Files.writeString(www.resolve("old.txt"), "old");
        Plan.Integrity plan = new Plan.Integrity(List.of(www.toString()), List.of(), 3600, 0, 0);
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             LocalIntegrity integrity = new LocalIntegrity(dir.resolve("integrity"), spool, scheduler)) {
            integrity.apply(plan, "web1");
            integrity.scanNow(); // the baseline: nothing to report
            assertThat(findings(spool)).isEmpty();
            Files.writeString(www.resolve("index.html"), "<h1>hacked</h1>");
            Files.delete(www.resolve("old.txt"));
            integrity.scanNow();
            integrity.scanNow(); // the same changes, still open: not raised again
            assertThat(findings(spool)).extracting(Item.Finding::title)
                    .containsExactlyInAnyOrder(www.resolve("index.html") + " modified on web1", www.resolve("old.txt") + " removed on web1");
            assertThat(findings(spool)).allSatisfy(f -> {
                assertThat(f.source()).isEqualTo("integrity");
                assertThat(f.event()).isEqualTo("problem");
                assertThat(f.severity()).isEqualTo("WARNING");
            });
        }
        // While the agent is stopped a file appears and the removed one comes back.
        Files.writeString(www.resolve("shell.php"), "<?php system($_GET['c']);");
        Files.writeString(www.resolve("old.txt"), "old");
        spool.ack(2);
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             LocalIntegrity integrity = new LocalIntegrity(dir.resolve("integrity"), spool, scheduler)) {
            integrity.apply(plan, "web1");
            integrity.scanNow();
            List<Item.Finding> after = findings(spool);
            // The file that came back is another file (its inode and time): its removal is over, and it is a change of its own.
            assertThat(after).extracting(Item.Finding::title).containsExactlyInAnyOrder(www.resolve("shell.php") + " added on web1",
                    www.resolve("old.txt") + " removed: accepted or reverted", www.resolve("old.txt") + " modified on web1");
            assertThat(after).extracting(Item.Finding::event).containsExactlyInAnyOrder("problem", "recovery", "problem");
            spool.ack(after.get(after.size() - 1).seq());
            // An admin accepts the files as they are: every open change ends, once, and nothing is raised anew.
            integrity.apply(plan.withAccepted(1_000), "web1");
            waitFor(() -> findings(spool).size() == 3); // index.html, shell.php, old.txt
            assertThat(findings(spool)).extracting(Item.Finding::event).containsOnly("recovery");
            integrity.apply(plan.withAccepted(1_000), "web1"); // the same plan again: already done
            integrity.scanNow();
            assertThat(findings(spool)).hasSize(3);
        }
        spool.close();
    }

    @Test
    void onItsOwnTheAgentTakesItsBaselineAndSeesAChangeWhenItHappens() throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("index.html"), "<h1>hello</h1>");
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             LocalIntegrity integrity = new LocalIntegrity(dir.resolve("integrity"), spool, scheduler)) {
            integrity.apply(new Plan.Integrity(List.of(www.toString()), List.of(), 3600, 0, 0), "web1");
            // The first scan comes a few seconds after the plan; real-time watching (which holds a thread) is on meanwhile.
            waitFor(() -> Files.exists(dir.resolve("integrity/baseline.gz")));
            Files.writeString(www.resolve("shell.php"), "<?php system($_GET['c']);");
            waitFor(() -> findings(spool).size() == 1);
            assertThat(findings(spool).get(0).title()).isEqualTo(www.resolve("shell.php") + " added on web1");
        }
        spool.close();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 30 s").isLessThan(until);
            Thread.sleep(100);
        }
    }

    @Test
    void anUnreadableStateFileStartsAfreshInsteadOfStoppingTheAgent() throws Exception {
        Path state = Files.createDirectories(dir.resolve("integrity"));
        Files.writeString(state.resolve("baseline.gz"), "not gzip");
        Files.writeString(state.resolve("findings.gz"), "");
        Path etc = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n");
        Spool spool = new Spool(dir.resolve("buffer"), 1 << 30);
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             LocalIntegrity integrity = new LocalIntegrity(state, spool, scheduler)) {
            integrity.apply(new Plan.Integrity(List.of(etc.toString()), List.of(), 3600, 0, 0), "web1");
            integrity.scanNow();
            Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\nevil:x:0:0::/:/bin/sh\n");
            integrity.scanNow();
            assertThat(findings(spool)).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo("CRITICAL"));
        }
        spool.close();
    }
}
