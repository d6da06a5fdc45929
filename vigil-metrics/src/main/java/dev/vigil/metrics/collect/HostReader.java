package dev.vigil.metrics.collect;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the local collector reads this machine from. */
sealed interface HostReader permits ProcFiles, OshiReader {

    HostReading read();

    /**
     * Linux's own files where they are (a small process: no native library and no OSHI classes, about 15 MB less
     * resident in an agent), OSHI elsewhere.
     */
    static HostReader forThisMachine() {
        return Files.isReadable(Path.of("/proc/stat")) && Files.isReadable(Path.of("/proc/meminfo"))
                ? new ProcFiles(Path.of("/"))
                : new OshiReader();
    }
}
