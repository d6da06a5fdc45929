package dev.vigil.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.config.ConfigException;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.server.Vigil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Vigil started on the built-in config reads the ./vigil.yml a user writes beside it at the next reload. */
class ConfigAppearsTest {
    @TempDir
    Path dir;

    @Test
    void aConfigWrittenAfterStartReplacesTheBuiltInOneAtReload() throws Exception {
        LoadedConfig builtIn = dev.vigil.server.config.LiveConfig.load(null, InstantSource.system(), 0, List.of(), List.of())
                .withServer(ServerSettings.DEFAULT.withData(dir.resolve("data")).withListen("127.0.0.1", 0));
        try (SystemScheduler scheduler = new SystemScheduler(InstantSource.system());
             var workers = SystemScheduler.workers();
             Vigil vigil = new Vigil(null, builtIn, scheduler, workers, new Random())) {
            vigil.liveConfig().adoptWhenCreated(dir.resolve("vigil.yml"));
            assertThat(vigil.reload().hosts()).doesNotContainKey("shop"); // no file yet: still the built-in config
            assertThat(vigil.liveConfig().file()).isNull();

            Files.writeString(dir.resolve("vigil.yml"), "hosts:\n  - name: [broken\n");
            assertThatThrownBy(vigil::reload).isInstanceOf(ConfigException.class);
            assertThat(vigil.liveConfig().file()).as("a broken new file does not replace the running config").isNull();

            Files.writeString(dir.resolve("vigil.yml"), "hosts:\n  - name: shop\n    address: 127.0.0.1\n");
            assertThat(vigil.reload().hosts()).containsOnlyKeys("shop");
            assertThat(vigil.liveConfig().file()).isEqualTo(dir.resolve("vigil.yml"));
        }
    }

    @Test
    void localDefaultsKeepTheBuiltInMonitoringInAConfigOfOnesOwn() throws Exception {
        Path file = dir.resolve("vigil.yml");
        Files.writeString(file, "local_defaults: true\nhosts:\n  - name: shop\n    address: 127.0.0.1\n"
                + "logs:\n  files: [\"" + dir.resolve("app.log") + "\"]\n  journald: false\n");
        LoadedConfig c = new ConfigFiles(file, "vigil.yml").load(InstantSource.system(), List.of(), List.of());
        assertThat(c.plan().hosts()).containsKeys("localhost", "shop");
        assertThat(c.plan().services().keySet()).anySatisfy(t -> assertThat(t.service()).isEqualTo("load"));
        assertThat(c.integrity().enabled()).as("the built-in integrity and audit stay on").isTrue();
        assertThat(c.logs().files()).as("the file's own logs: section replaces the built-in one").singleElement()
                .satisfies(f -> assertThat(f.paths()).containsExactly(dir.resolve("app.log").toString()));
        assertThat(dev.vigil.server.cli.ServerCommand.capabilities(c)).contains("integrity and audit (").contains("logs (1 file");

        Files.writeString(file, "hosts:\n  - name: shop\n");
        LoadedConfig own = new ConfigFiles(file, "vigil.yml").load(InstantSource.system(), List.of(), List.of());
        assertThat(own.plan().hosts()).containsOnlyKeys("shop");
        assertThat(dev.vigil.server.cli.ServerCommand.capabilities(own)).contains("integrity and audit: off");
    }
}
