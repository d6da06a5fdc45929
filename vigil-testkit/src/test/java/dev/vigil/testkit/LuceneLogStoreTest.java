package dev.vigil.testkit;

import dev.vigil.logs.LogStore;
import dev.vigil.logs.search.LogIndex;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The embedded Lucene index passes the log store contract (vigil-logs cannot run it: the testkit depends on it). */
class LuceneLogStoreTest extends LogStoreContract {
    @TempDir
    Path dir;

    private LogIndex index;

    @Override
    protected LogStore store() {
        if (index == null) {
            index = new LogIndex(dir, Duration.ofDays(30), InstantSource.fixed(NOW));
        }
        return index;
    }

    @AfterEach
    void close() {
        if (index != null) {
            index.close();
        }
    }
}
