package dev.vigil.server.cli;

import dev.vigil.server.demo.Demo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil demo}: replays ten weeks of a small shop's troubles, then shows them on the dashboard. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replay ten weeks of a small web shop (three hosts) on simulated time through Vigil's real inputs, "
                + "print what was caught, then serve the dashboard with a demo sign-in.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--data", description = "Data directory to build (default: ./demo-data; a previous demo's is replaced)")
    Path data = Path.of("demo-data");

    @Option(names = "--check", description = "Replay without serving; exit 1 if a step was missed, doubled or late")
    boolean check;

    @Option(names = "--listen", description = "HOST:PORT for the dashboard (default 127.0.0.1:8080)")
    String listen = "127.0.0.1:8080";

    @Override
    public Integer call() throws Exception {
        return Demo.run(data, check, listen, System.out, System.err);
    }
}
