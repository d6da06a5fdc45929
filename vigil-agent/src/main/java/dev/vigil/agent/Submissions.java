package dev.vigil.agent;

import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.WireJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passive results from local scripts ({@code vigil agent submit HOST SERVICE STATE OUTPUT}): the command drops one
 * file per result into the agent's data directory (written whole, then renamed, so the agent never reads half of
 * one), and the running agent moves them into its buffer in the order they came. Works while the agent is stopped.
 */
public final class Submissions {
    private static final Logger log = LoggerFactory.getLogger(Submissions.class);
    static final String DIR = "submit";
    static final int MAX_OUTPUT = 8192;

    private final Path dir;
    private final Spool spool;
    private final InstantSource clock;

    Submissions(Path dir, Spool spool, InstantSource clock) {
        this.dir = dir;
        this.spool = spool;
        this.clock = clock;
    }

    /**
     * Drops a result for the agent whose data directory is {@code data}. The host must be the agent's own: an agent
     * writes for its host only, and the server refuses anything else.
     */
    public static void submit(Path data, String host, String service, String state, String output, InstantSource clock)
            throws IOException {
        if (!Identity.exists(data)) {
            throw new IllegalArgumentException("no enrolled agent in " + data + " (give the agent's --data)");
        }
        String own = WireJson.flat(Files.readAllBytes(data.resolve(Identity.FILE))).get("host");
        if (!own.equals(host)) {
            throw new IllegalArgumentException("this agent reports for host '" + own + "' only, not '" + host + "'");
        }
        if (service == null || service.isBlank() || service.length() > 200) {
            throw new IllegalArgumentException("SERVICE must be 1 to 200 characters");
        }
        int code = state(state);
        Path d = data.resolve(DIR);
        Files.createDirectories(d);
        String name = String.format("%019d-%s", clock.millis(), UUID.randomUUID());
        Path tmp = d.resolve(name + ".tmp");
        String text = output.length() > MAX_OUTPUT ? output.substring(0, MAX_OUTPUT) : output;
        Files.write(tmp, WireJson.flat(java.util.Map.of("host", host, "service", service, "state", code, "output", text,
                "at", clock.millis())));
        Files.move(tmp, d.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** OK, WARNING, CRITICAL, UNKNOWN (any case) or their exit codes 0 to 3. */
    static int state(String s) {
        return switch (s.strip().toUpperCase(Locale.ROOT)) {
            case "0", "OK" -> 0;
            case "1", "WARNING", "WARN" -> 1;
            case "2", "CRITICAL", "CRIT" -> 2;
            case "3", "UNKNOWN" -> 3;
            default -> throw new IllegalArgumentException("STATE must be OK, WARNING, CRITICAL, UNKNOWN or 0 to 3, found '" + s + "'");
        };
    }

    /** Moves waiting results into the buffer; a file that does not read is set aside with a warning, never retried forever. */
    void poll(String host) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            log.warn("cannot list submitted results: {}", e.getMessage());
            return;
        }
        for (Path f : files) {
            try {
                java.util.Map<String, String> s = WireJson.flat(Files.readAllBytes(f));
                long at = Long.parseLong(s.getOrDefault("at", "0"));
                spool.append(new Item.Result(0, at > 0 ? at : clock.millis(), host, s.get("service"),
                        Integer.parseInt(s.getOrDefault("state", "3")), s.getOrDefault("output", "")));
                Files.delete(f);
            } catch (IOException | RuntimeException e) {
                log.warn("a submitted result does not read ({}): set aside", e.getMessage());
                try {
                    Files.move(f, f.resolveSibling(f.getFileName() + ".bad"), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException ignored) {
                    // it stays and is tried again
                }
            }
        }
    }
}
