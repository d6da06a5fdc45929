package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.integrity.FindingStore;
import org.junit.jupiter.api.Test;

/** What every {@link FindingStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class FindingStoreContract {
    /** A new, empty store (the same one for every call within a test). */
    protected abstract FindingStore store();

    private static FindingStore.Open finding(String fp, String kind, String path, String severity, String why) {
        return new FindingStore.Open(fp, kind, path, severity, why, "chmod o-w " + path, 0);
    }

    @Test
    void openedFindingsAreListedByClassPrefixAndRefreshedNotDuplicated() {
        store().opened(finding("a", "audit:world-writable", "/var/www/shop/tmp", "high", "mode 0777"));
        store().opened(finding("b", "fim-modified", "/etc/sudoers", "medium", "modified"));
        assertThat(store().open("audit:")).containsOnlyKeys("a");
        assertThat(store().open("")).containsOnlyKeys("a", "b");
        long first = store().open("audit:").get("a").firstSeen();
        store().opened(finding("a", "audit:world-writable", "/var/www/shop/tmp", "critical", "mode 0777, in a web root"));
        assertThat(store().open("audit:")).hasSize(1).hasEntrySatisfying("a", o -> {
            assertThat(o.severity()).isEqualTo("critical");
            assertThat(o.why()).isEqualTo("mode 0777, in a web root");
            assertThat(o.firstSeen()).isEqualTo(first);
        });
    }

    @Test
    void aClosedFindingIsGone() {
        store().opened(finding("a", "audit:suid", "/tmp/sh", "critical", "setuid root"));
        store().closed("a");
        store().closed("never-opened");
        assertThat(store().open("")).isEmpty();
    }
}
