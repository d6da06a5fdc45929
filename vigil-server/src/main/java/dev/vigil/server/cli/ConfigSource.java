package dev.vigil.server.cli;

import dev.vigil.server.config.ConfigFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Which config file a command uses: the given one, else {@code ./vigil.yml} if present, else none. */
final class ConfigSource {
    private ConfigSource() {}

    static ConfigFiles files(Path given) {
        if (given != null) {
            return new ConfigFiles(given, given.getFileName().toString());
        }
        Path local = Path.of("vigil.yml");
        return Files.isRegularFile(local) ? new ConfigFiles(local, "vigil.yml") : null;
    }
}
