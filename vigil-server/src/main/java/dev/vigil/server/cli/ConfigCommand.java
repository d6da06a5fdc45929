package dev.vigil.server.cli;

import dev.vigil.core.config.ConfigException;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.LoadedConfig;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code vigil config validate [FILE]}. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Work with configuration files.",
        subcommands = ConfigCommand.Validate.class)
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
}
