package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logs.SavedSearchStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What every {@link SavedSearchStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class SavedSearchStoreContract {
    /** A new, empty store (the same one for every call within a test). */
    protected abstract SavedSearchStore store();

    @Test
    void searchesAreListedByNameReplacedByNameAndDeleted() {
        var gateways = new SavedSearchStore.Saved("bad gateways", "status:502", 20, Duration.ofMinutes(5), "alice");
        var ssh = new SavedSearchStore.Saved("ssh failures", "rule:5716", 0, Duration.ofMinutes(10), "bob");
        store().save(ssh);
        store().save(gateways);
        assertThat(store().list()).containsExactly(gateways, ssh);
        var stricter = new SavedSearchStore.Saved("bad gateways", "status:502", 5, Duration.ofMinutes(5), "carol");
        store().save(stricter);
        assertThat(store().list()).containsExactly(stricter, ssh);
        assertThat(store().delete("ssh failures")).isTrue();
        assertThat(store().delete("ssh failures")).isFalse();
        assertThat(store().list()).containsExactly(stricter);
    }
}
