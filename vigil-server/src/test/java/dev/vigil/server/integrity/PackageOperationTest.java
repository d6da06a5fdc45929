package dev.vigil.server.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.core.event.Event;
import dev.vigil.server.RunningVigil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real package installed with Debian's dpkg on the watched machine: one integrity event naming the package,
 * not one per file; then a file of it changed by hand: an event of its own, because its content is no longer
 * what the package shipped. Needs root and dpkg (CI has both).
 */
class PackageOperationTest {
    private static final String PKG = "vigil-pkgtest";
    private static final Path WATCHED = Path.of("/usr/share/" + PKG);

    @TempDir
    Path dir;

    private RunningVigil vigil;

    @AfterEach
    void stop() throws Exception {
        if (vigil != null) {
            vigil.close();
        }
        run("dpkg", "--purge", PKG);
        if (Files.isDirectory(WATCHED)) {
            try (var files = Files.walk(WATCHED)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor();
    }

    private List<Event> integrityEvents(Instant since) {
        return vigil.vigil.events().newest(null, since, 1000).stream().map(s -> s.event())
                .filter(e -> e.source().equals("integrity")).toList();
    }

    @Test
    void aPackageInstallIsOneEventAndAFileChangedAfterwardsIsAnother() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dpkg-deb")) && "root".equals(System.getProperty("user.name")),
                "needs dpkg and root");
        run("dpkg", "--purge", PKG);
        Files.createDirectories(WATCHED);
        vigil = new RunningVigil(dir, """
                integrity:
                  paths: ["%s"]
                  web_roots: []
                  scan_interval: 1h
                  audit_interval: 24h
                  realtime: false
                """.formatted(WATCHED));
        vigil.vigil.integrity().scanNow(); // the baseline: an empty folder

        Path root = Files.createDirectories(dir.resolve("pkg"));
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), "Package: " + PKG + "\nVersion: 1.0-1\nArchitecture: all\n"
                + "Maintainer: Vigil tests <tests@localhost>\nDescription: forty-five files for Vigil's integrity test\n");
        Path files = Files.createDirectories(root.resolve(WATCHED.toString().substring(1)));
        for (int i = 0; i < 44; i++) {
            Files.writeString(files.resolve("file-" + i + ".txt"), "content " + i + "\n");
        }
        // A directory of the package: owned, but with no checksum to verify, so it stays pending.
        Files.writeString(Files.createDirectories(files.resolve("sub")).resolve("file-44.txt"), "content 44\n");
        Path deb = dir.resolve(PKG + ".deb");
        assertThat(run("dpkg-deb", "--root-owner-group", "--build", root.toString(), deb.toString())).isZero();
        Instant before = Instant.now().minusSeconds(1);
        assertThat(run("dpkg", "-i", deb.toString())).isZero();

        vigil.vigil.integrity().scanNow();
        List<Event> install = integrityEvents(before);
        assertThat(install).singleElement().satisfies(e -> {
            assertThat(e.title()).contains(PKG + " 1.0-1 installed").contains("46 files"); // 45 files and a directory
            assertThat(e.details()).contains("(verified, accepted)");
        });
        assertThat(vigil.vigil.integrity().pending()).as("verified files became the baseline; the directory stays")
                .singleElement().satisfies(c -> assertThat(c.path()).endsWith("/sub"));

        Instant afterInstall = Instant.now();
        Thread.sleep(5);
        Files.writeString(WATCHED.resolve("file-7.txt"), "changed by someone\n");
        vigil.vigil.integrity().scanNow(); // within a minute of the install: the operation is still in the log window
        assertThat(integrityEvents(afterInstall)).as("the install is not announced again").singleElement().satisfies(e -> {
            assertThat(e.title()).contains("file-7.txt differs from what package " + PKG + " installed");
            assertThat(e.severity()).isEqualTo(dev.vigil.core.event.Severity.WARNING);
        });
        // Scanning again raises nothing new.
        Instant later = Instant.now();
        Thread.sleep(5);
        vigil.vigil.integrity().scanNow();
        assertThat(integrityEvents(later)).isEmpty();
    }
}
