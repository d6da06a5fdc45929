package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.integrity.fim.TreeScan;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File integrity on real trees and the real SQLite store: every change type once, and the awkward cases. */
class FileIntegrityTest {
    @TempDir
    Path tmp;

    /** The database under test, the same one each time within a test (reopened, it must hold what was written). */
    Database database() {
        return Database.open(tmp.resolve("data"));
    }

    private Path tree;
    private Database db;
    private SqliteFimStore store;

    @BeforeEach
    void open() throws Exception {
        tree = Files.createDirectories(tmp.resolve("tree"));
        db = database();
        store = new SqliteFimStore(db, InstantSource.system());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private TreeScan scanner(List<String> exclude) {
        return new TreeScan(store, List.of(new FimPath(tree.toString(), -1, List.of(), exclude, FimPath.ALL, true)), 2, false, 1L << 30);
    }

    private void baseline() throws Exception {
        TreeScan.Result r = scanner(List.of()).run(null);
        store.accept(r.scan(), null);
    }

    private static List<String> kinds(List<FileChange> changes) {
        return changes.stream().map(c -> c.kind().id() + " " + c.path().substring(c.path().lastIndexOf('/') + 1)).toList();
    }

    @Test
    void eachChangeTypeIsReportedOnceWithBeforeAndAfterAndAcceptedChangesAreNotReportedAgain() throws Exception {
        Files.writeString(tree.resolve("app.conf"), "listen 80\nworkers 2\n");
        Files.writeString(tree.resolve("gone"), "x");
        Files.writeString(tree.resolve("perm"), "x");
        Files.writeString(tree.resolve("own"), "x");
        Files.writeString(tree.resolve("secret.conf"), "user = app\npassword = hunter2\n{\"db_password\": \"jsonOld1\"}\n");
        baseline();
        Files.writeString(tree.resolve("app.conf"), "listen 8080\nworkers 2\n");
        Files.delete(tree.resolve("gone"));
        Files.writeString(tree.resolve("added"), "new");
        Files.setPosixFilePermissions(tree.resolve("perm"), PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(tree.resolve("own"), "unix:uid", 4321);
        Files.writeString(tree.resolve("secret.conf"), "user = app\npassword = swordfish\nhost = db\n{\"db_password\": \"jsonSecretPW1\"}\n"
                + "Authorization: Bearer abc.def.ghi\n");
        List<FileChange> changes = scanner(List.of()).run(null).changes();
        assertThat(kinds(changes)).containsExactlyInAnyOrder("modified app.conf", "removed gone", "added added", "permissions perm",
                "ownership own", "modified secret.conf");
        FileChange app = changes.stream().filter(c -> c.path().endsWith("app.conf")).findFirst().orElseThrow();
        assertThat(app.before()).containsEntry("size", 20L);
        assertThat(app.after()).containsEntry("size", 22L);
        assertThat(app.diff()).contains("-listen 80").contains("+listen 8080");
        FileChange secret = changes.stream().filter(c -> c.path().endsWith("secret.conf")).findFirst().orElseThrow();
        assertThat(secret.diff()).contains("+host = db").doesNotContain("hunter2").doesNotContain("swordfish")
                .doesNotContain("jsonSecretPW1").doesNotContain("jsonOld1").doesNotContain("abc.def.ghi");
        FileChange perm = changes.stream().filter(c -> c.path().endsWith("perm")).findFirst().orElseThrow();
        assertThat(perm.before()).containsEntry("mode", "0644");
        assertThat(perm.after()).containsEntry("mode", "0777");
        // Still pending until accepted, then gone.
        TreeScan.Result again = scanner(List.of()).run(null);
        assertThat(again.changes()).hasSize(6);
        store.accept(again.scan(), null);
        assertThat(scanner(List.of()).run(null).changes()).isEmpty();
    }

    @Test
    void acceptingOnePathLeavesTheOthersPending() throws Exception {
        Files.writeString(tree.resolve("a"), "1");
        Files.writeString(tree.resolve("b"), "1");
        baseline();
        Files.writeString(tree.resolve("a"), "22");
        Files.writeString(tree.resolve("b"), "22");
        TreeScan.Result r = scanner(List.of()).run(null);
        store.accept(r.scan(), tree.resolve("a").toString());
        assertThat(kinds(scanner(List.of()).run(null).changes())).containsExactly("modified b");
    }

    @Test
    void excludedLogRotationIsIgnoredAndSymlinkLoopsSparseFilesAndOddNamesDoNotStopTheScan() throws Exception {
        Files.createDirectories(tree.resolve("log"));
        Files.writeString(tree.resolve("log/app.log"), "line\n");
        Files.createSymbolicLink(tree.resolve("loop"), tree); // a link to its own directory: recorded, not followed
        Files.writeString(tree.resolve("name\nwith newline"), "x");
        // A named pipe: opening it to hash would wait forever for a writer; it is recorded, never read.
        assertThat(new ProcessBuilder("mkfifo", tree.resolve("pipe").toString()).start().waitFor()).isZero();
        try (RandomAccessFile f = new RandomAccessFile(tree.resolve("sparse").toFile(), "rw")) {
            f.setLength(10L << 30); // 10 GiB of nothing
        }
        TreeScan small = new TreeScan(store, List.of(new FimPath(tree.toString(), -1, List.of(), List.of("log/**", "log"), FimPath.ALL, false)),
                2, false, 64L << 20);
        TreeScan.Result first = small.run(null);
        assertThat(first.problems()).singleElement().satisfies(p -> assertThat(p).contains("sparse").contains("not hashed"));
        store.accept(first.scan(), null);
        Files.move(tree.resolve("log/app.log"), tree.resolve("log/app.log.1"));
        Files.writeString(tree.resolve("log/app.log"), "new\n");
        TreeScan.Result second = small.run(null);
        assertThat(second.changes()).isEmpty();
        Files.writeString(tree.resolve("name\nwith newline"), "changed");
        assertThat(kinds(small.run(null).changes())).containsExactly("modified name\nwith newline");
    }

    @Test
    void aPathThatVanishesDuringTheScanIsReportedAndAnInterruptedScanResumes() throws Exception {
        for (int i = 0; i < 2500; i++) {
            Files.writeString(tree.resolve(String.format("f%04d", i)), "x" + i);
        }
        baseline();
        Files.writeString(tree.resolve("f0001"), "changed");
        TreeScan scan = scanner(List.of());
        boolean[] once = {false};
        try {
            scan.run((files, bytes) -> {
                if (!once[0]) {
                    once[0] = true;
                    throw new IllegalStateException("interrupted");
                }
            });
        } catch (IllegalStateException e) {
            assertThat(e).hasMessage("interrupted");
        }
        assertThat(store.unfinished(List.of(tree.toString()))).isPresent();
        long[] seen = {0};
        TreeScan.Result resumed = scan.run((files, bytes) -> seen[0] = files);
        assertThat(seen[0]).as("only the rest is scanned again").isLessThan(2501);
        assertThat(kinds(resumed.changes())).containsExactly("modified f0001");

        store.accept(resumed.scan(), null);
        // A file deleted while the scan runs: either never listed (then removed) or listed and gone (a problem).
        boolean[] deleted = {false};
        TreeScan.Result r = scanner(List.of()).run((files, bytes) -> {
            if (!deleted[0]) {
                deleted[0] = true;
                for (int i = 0; i < 2500; i++) { // after the first 2,000: at least 500 not yet looked at
                    try {
                        Files.delete(tree.resolve(String.format("f%04d", i)));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        });
        assertThat(r.changes()).allSatisfy(c -> assertThat(c.kind()).isEqualTo(FileChange.Kind.REMOVED));
        assertThat(r.problems()).allSatisfy(p -> assertThat(p).endsWith("vanished during the scan"));
        assertThat(r.changes().size() + r.problems().size()).isGreaterThanOrEqualTo(500);
    }
}
