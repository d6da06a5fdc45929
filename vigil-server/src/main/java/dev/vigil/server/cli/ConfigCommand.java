package dev.vigil.server.cli;

import dev.vigil.core.config.ConfigException;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.LoadedConfig;
import dev.vigil.server.config.LocalHost;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil config validate [FILE]}, {@code vigil config print-default}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.PrintDefault.class})
public final class ConfigCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check a config file (and its conf.d/) and print every error as FILE:LINE: message.")
    static final class Validate implements Callable<Integer> {
        @Parameters(arity = "0..1", paramLabel = "FILE", description = "Config file (default: ./vigil.yml)")
        Path file;

        @Override
        public Integer call() {
            Path path = file == null ? Path.of("vigil.yml") : file;
            try {
                // Errors name the file exactly as the user typed it, so editors can jump to FILE:LINE.
                LoadedConfig c = new ConfigFiles(path, path.toString()).load(InstantSource.system(), List.of(), List.of());
                System.out.println(path + ": OK (" + c.plan().hosts().size() + " hosts, " + c.plan().services().size()
                        + " services, " + c.plan().downtimes().size() + " downtimes)");
                return 0;
            } catch (ConfigException e) {
                e.errors().forEach(System.out::println);
                System.err.println(e.errors().size() + " error(s)");
                return 1;
            }
        }
    }

    @Command(name = "print-default", mixinStandardHelpOptions = true,
            description = "Print the built-in configuration for this host (what Vigil runs without a config file).")
    static final class PrintDefault implements Callable<Integer> {
        @picocli.CommandLine.Option(names = "--port", defaultValue = "8080", description = "Vigil's own port, for its self-check")
        int port;

        @Override
        public Integer call() {
            System.out.println("# Vigil's built-in monitoring of this host, as detected now: a starting point for vigil.yml.");
            System.out.println("# Or keep it and add to it: put 'local_defaults: true' at the top of your vigil.yml.");
            System.out.print(LocalHost.detect(port));
            return 0;
        }
    }
}
