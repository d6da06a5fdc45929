package dev.vigil.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.Target;
import dev.vigil.checks.push.PushStore;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What every {@link PushStore} must do: extend this with {@link #store()} returning a new, empty store. */
public abstract class PushStoreContract {
    /** A new, empty store (the same one for every call within a test). */
    protected abstract PushStore store();

    private static final Target BACKUP = Target.service("db1", "backup");
    private static final Instant T0 = Instant.parse("2026-11-26T03:30:00Z");

    @Test
    void aMonitorIsKeptWithItsSecretAndItsPingsUpdateIt() {
        PushStore.Kept k = new PushStore.Kept(BACKUP, "0f8fad5b-d9cb-469f-a165-70867728950e", T0, null, null);
        store().save(k);
        assertThat(store().all()).containsEntry(BACKUP, k);
        PushStore.Kept started = k.withStart(T0.plusSeconds(60));
        store().save(started);
        PushStore.Kept pinged = started.withPing(T0.plusSeconds(600));
        store().save(pinged);
        assertThat(store().all()).containsOnlyKeys(BACKUP).containsEntry(BACKUP, pinged);
        store().save(pinged.withUuid("9b2c3b1e-5a52-4c1a-9d4e-1f0b6f3b8a11"));
        assertThat(store().all().get(BACKUP).uuid()).isEqualTo("9b2c3b1e-5a52-4c1a-9d4e-1f0b6f3b8a11");
        assertThat(store().all().get(BACKUP).created()).isEqualTo(T0);
    }

    @Test
    void aForgottenMonitorIsGoneAndOthersStay() {
        Target other = Target.service("web1", "logrotate");
        store().save(new PushStore.Kept(BACKUP, "0f8fad5b-d9cb-469f-a165-70867728950e", T0, T0, null));
        store().save(new PushStore.Kept(other, "9b2c3b1e-5a52-4c1a-9d4e-1f0b6f3b8a11", T0, null, null));
        store().forget(BACKUP);
        assertThat(store().all()).containsOnlyKeys(other);
    }
}
