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
        return command(config.resolveSibling("vigil.log"), List.of(jvmOptions), "server", "--config", config.toString());
    }

    /** Runs {@code vigil ARGS} as a user types them; its output goes to {@code log}. */
    public static Process command(Path log, List<String> jvmOptions, String... args) throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", cp, "dev.vigil.server.Main"));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
