package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logs.LogStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LogStore} must do: extend this with {@link #store()} returning a new, empty store whose
 * clock reads {@link #NOW}.
 */
public abstract class LogStoreContract {
    protected static final Instant NOW = Instant.parse("2026-11-26T05:00:00Z");

    /** A new, empty store (the same one for every call within a test). */
    protected abstract LogStore store();

    private static LogStore.Entry line(Instant at, String host, String message, Map<String, String> fields, Integer rule,
                                       int level) {
        return new LogStore.Entry(at, host, "/var/log/nginx/access.log", message, fields, rule, level, level >= 7, List.of("web"));
    }

    private void add(LogStore.Entry... entries) throws Exception {
        for (LogStore.Entry e : entries) {
            store().add(e);
        }
        store().commit();
    }

    @Test
    void linesAreFoundByFieldsAndTextNewestFirstAndCounted() throws Exception {
        Instant t = NOW.minus(Duration.ofMinutes(30));
        add(line(t, "shop", "GET /cart 502", Map.of("status", "502", "srcip", "192.0.2.7"), 31101, 5),
                line(t.plusSeconds(1), "shop", "GET / 200", Map.of("status", "200"), null, 0),
                line(t.plusSeconds(2), "db1", "GET /api 502", Map.of("status", "502"), 31101, 5));
        LogStore.Page page = store().search("status:502", t.minusSeconds(60), NOW, 0, 10, 0);
        assertThat(page.total()).isEqualTo(2);
        assertThat(page.hits()).extracting(LogStore.Hit::host).containsExactly("db1", "shop");
        assertThat(store().search("host:shop AND status:502", t.minusSeconds(60), NOW, 0, 10, 0).hits())
                .singleElement().satisfies(h -> {
                    assertThat(h.message()).isEqualTo("GET /cart 502");
                    assertThat(h.fields()).containsEntry("srcip", "192.0.2.7");
                    assertThat(h.rule()).isEqualTo(31101);
                });
        assertThat(store().search("cart", t.minusSeconds(60), NOW, 0, 10, 0).total()).isEqualTo(1);
        assertThat(store().count("status:502", t.minusSeconds(60), NOW)).isEqualTo(2);
        assertThat(store().count("status:502", t.plusSeconds(2), NOW)).isEqualTo(1);
    }

    @Test
    void pagesAndTheHistogramCoverTheRange() throws Exception {
        Instant t = NOW.minus(Duration.ofMinutes(10));
        for (int i = 0; i < 25; i++) {
            store().add(line(t.plusSeconds(i * 10L), "shop", "line " + i, Map.of(), null, 0));
        }
        store().commit();
        LogStore.Page first = store().search("line", t, NOW, 0, 10, 5);
        assertThat(first.total()).isEqualTo(25);
        assertThat(first.hits()).hasSize(10).first().satisfies(h -> assertThat(h.message()).isEqualTo("line 24"));
        assertThat(store().search("line", t, NOW, 20, 10, 0).hits()).hasSize(5);
        assertThat(first.histogram()).hasSize(5);
        assertThat(first.histogram().stream().mapToLong(b -> b[1]).sum()).isEqualTo(25);
    }

    @Test
    void theLinesAroundAHitAreThoseOfItsSourceInOrder() throws Exception {
        Instant t = NOW.minus(Duration.ofMinutes(5));
        for (int i = 0; i < 7; i++) {
            store().add(line(t.plusSeconds(i), "shop", "step " + i, Map.of(), null, 0));
        }
        store().commit();
        String id = store().search("\"step 3\"", t, NOW, 0, 1, 0).hits().get(0).id();
        assertThat(store().around(id, 2, 2)).extracting(LogStore.Hit::message)
                .containsExactly("step 1", "step 2", "step 3", "step 4", "step 5");
    }
}
