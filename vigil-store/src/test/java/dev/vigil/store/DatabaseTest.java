package dev.vigil.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path dir;

    private static int count(Database db) {
        return db.read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT count(*) FROM group_commit")) {
                return rs.next() ? rs.getInt(1) : -1;
            }
        });
    }

    @Test
    void writersQueuedBehindACommitAreCommittedTogetherAndAFailingOneAlone() throws Exception {
        try (Database db = Database.open(dir); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE group_commit (n INTEGER PRIMARY KEY)"));
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> first = pool.submit(() -> db.write(c -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return c.createStatement().executeUpdate("INSERT INTO group_commit VALUES (0)");
            }));
            holding.await();
            long commitsBefore = db.commits();
            List<Future<Integer>> writers = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                int n = i;
                // Writer 5 breaks a constraint: its row and only its row is rolled back.
                writers.add(pool.submit(() -> db.write(c -> c.createStatement().executeUpdate(
                        "INSERT INTO group_commit VALUES (" + (n == 5 ? 1 : n) + ")"))));
            }
            while (db.waiting() < 10) {
                Thread.onSpinWait();
            }
            release.countDown();
            first.get();
            List<Throwable> failures = new ArrayList<>();
            for (Future<Integer> w : writers) {
                try {
                    assertThat(w.get()).isEqualTo(1);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).hasSize(1).first().isInstanceOf(StoreException.class);
            assertThat(count(db)).isEqualTo(10); // 0 and 1..10 without writer 5's duplicate of 1
            assertThat(db.commits() - commitsBefore).isEqualTo(2); // the first writer's, then one for the ten
        }
    }

    @Test
    void aWriteInsideAWriteIsPartOfItsTransaction() {
        try (Database db = Database.open(dir)) {
            db.write(c -> c.createStatement().executeUpdate("CREATE TABLE group_commit (n INTEGER PRIMARY KEY)"));
            assertThatThrownBy(() -> db.write(c -> {
                db.write(inner -> inner.createStatement().executeUpdate("INSERT INTO group_commit VALUES (1)"));
                throw new IllegalStateException("the outer work fails");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(count(db)).isZero();
        }
    }
}
