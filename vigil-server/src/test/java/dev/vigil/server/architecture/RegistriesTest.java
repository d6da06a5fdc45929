package dev.vigil.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckTypes;
import dev.vigil.metrics.config.CollectorsReader;
import dev.vigil.notify.config.ChannelTypes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every registered type of every extension point (check types, channels, collectors) has a test that uses its
 * class and a place in the README that names it: a type added to a registry without either fails here.
 */
class RegistriesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** Registered name to implementation class, per extension point. */
    private static Map<String, Class<?>> registered() {
        Map<String, Class<?>> all = new LinkedHashMap<>();
        CheckTypes.all().values().stream().filter(t -> t.implementation() != null)
                .forEach(t -> all.put("check type " + t.name(), t.implementation()));
        ChannelTypes.all().values().forEach(t -> all.put("channel " + t.name(), t.implementation()));
        CollectorsReader.TYPES.values().forEach(t -> all.put("collector " + t.name(), t.implementation()));
        return all;
    }

    private static String tests() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.filter(p -> p.getFileName().toString().startsWith("vigil-")).toList()) {
                Path tests = module.resolve("src/test/java");
                if (!Files.isDirectory(tests)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(tests)) {
                    for (Path f : files.filter(p -> p.toString().endsWith("Test.java")).toList()) {
                        all.append(Files.readString(f)).append('\n');
                    }
                }
            }
        }
        return all.toString();
    }

    @Test
    void everyRegisteredTypeHasATestAndAReadmeEntry() throws IOException {
        String tests = tests();
        String readme = Files.readString(ROOT.resolve("README.md"));
        List<String> missing = new ArrayList<>();
        registered().forEach((what, implementation) -> {
            String name = what.substring(what.lastIndexOf(' ') + 1);
            String simple = implementation.getSimpleName();
            if (!Pattern.compile("\\b" + simple + "\\b|class " + simple + "Test\\b").matcher(tests).find()) {
                missing.add(what + ": no test uses " + implementation.getSimpleName());
            }
            if (!Pattern.compile("`" + name + "`|\\b" + name + ":|type: " + name + "\\b").matcher(readme).find()) {
                missing.add(what + ": the README does not name it (`" + name + "`, " + name + ": or type: " + name + ")");
            }
        });
        assertThat(missing).isEmpty();
    }
}
