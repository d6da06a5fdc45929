package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the {@code vigil} command line in the test's JVM, as a user runs it, and reads its JSON-lines output. */
public final class Cli {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {}

    /** Runs {@code args} with {@code stdin} on standard input; asserts exit 0; returns the lines printed, parsed as JSON. */
    public static List<JsonNode> json(String stdin, String... args) {
        return json(0, stdin, args);
    }

    /** Runs {@code args}; asserts exit 0; returns what it printed, line by line (a token on the last line, say). */
    public static synchronized List<String> lines(String... args) {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).as("exit code of vigil %s", String.join(" ", args)).isEqualTo(0);
        } finally {
            System.setOut(out);
        }
        return buf.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The same, asserting the exit code {@code exit} (AIDE-style bit masks, a failing audit). */
    public static synchronized List<JsonNode> json(int exit, String stdin, String... args) {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            assertThat(Main.run(args)).as("exit code of vigil %s", String.join(" ", args)).isEqualTo(exit);
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        return buf.toString(StandardCharsets.UTF_8).lines().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("not a JSON line: " + l, e);
            }
        }).toList();
    }
}
