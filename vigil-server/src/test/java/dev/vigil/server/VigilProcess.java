package dev.vigil.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code vigil server} as its own process, on the test's class path, for tests that kill it or measure it. */
public final class VigilProcess {
    private VigilProcess() {}

    /** Starts the server on {@code config}; its output goes to {@code vigil.log} beside the config. */
    public static Process start(Path config, String... jvmOptions) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", cp, "dev.vigil.server.Main", "server", "--config", config.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(config.resolveSibling("vigil.log").toFile())).start();
    }
}
