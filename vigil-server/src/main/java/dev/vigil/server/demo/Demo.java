package dev.vigil.server.demo;

import dev.vigil.core.access.Users;
import dev.vigil.core.config.ConfigException;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.cli.ServerCommand;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.config.LoadedConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * {@code vigil demo}: builds a data directory, replays the {@link Story} into it on simulated time, prints what
 * Vigil caught, and (unless checking) serves the dashboard on it with a sign-in made for that directory only.
 */
public final class Demo {
    /** Marks a directory this command made, so a second run may replace it and nothing else is ever deleted. */
    static final String MARKER = ".vigil-demo";

    private Demo() {}

    public static int run(Path data, boolean check, String listen, PrintStream out, PrintStream err) throws InterruptedException {
        try {
            prepare(data);
        } catch (IOException e) {
            err.println("vigil demo: " + e.getMessage());
            return 2;
        }
        ZoneId zone = ZoneId.systemDefault();
        long began = System.nanoTime();
        try (Replay replay = new Replay(data, Instant.now(), zone)) {
            Story story = replay.story();
            out.printf("Replaying ten weeks of a small web shop (web1, db1, mail1), %s to %s, into %s%n",
                    story.start().atZone(zone).toLocalDate(), story.end().atZone(zone).toLocalDate(), data.toAbsolutePath().normalize());
            Outcome outcome = replay.run();
            out.printf("Replayed in %.1f s.%n%n", (System.nanoTime() - began) / 1e9);
            out.print(outcome.table(zone));
            if (check) {
                if (!outcome.allCaught()) {
                    err.println("vigil demo: a step was missed, doubled or late");
                    return 1;
                }
                return 0;
            }
            return serve(replay, listen, out, err);
        } catch (IOException | ConfigException | TimeoutException e) {
            err.println("vigil demo: the replay failed: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("vigil demo: the replay failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            return 1;
        }
    }

    /** A fresh directory: made, or a previous demo's emptied; anything else is left alone. */
    private static void prepare(Path data) throws IOException {
        if (Files.exists(data)) {
            boolean empty;
            try (var entries = Files.list(data)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(data.resolve(MARKER))) {
                throw new IOException(data + " exists and was not made by vigil demo; give another --data");
            }
            delete(data);
        }
        Files.createDirectories(data);
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")); // as Vigil keeps its data
        Files.writeString(data.resolve(MARKER), "made by vigil demo; replaced by the next run\n");
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The dashboard on the replayed data, live from now on, with a demo user whose password is printed once. */
    private static int serve(Replay replay, String listen, PrintStream out, PrintStream err) throws InterruptedException, ConfigException {
        var files = new ConfigFiles(replay.config(), "vigil.yml");
        LoadedConfig loaded = LiveConfig.load(files, InstantSource.system(), 8080, List.of(), List.of());
        try {
            loaded = loaded.withServer(loaded.server().withListen(listen));
        } catch (IllegalArgumentException e) {
            err.println("vigil demo: " + e.getMessage());
            return 2;
        }
        byte[] bytes = new byte[9];
        new SecureRandom().nextBytes(bytes);
        String password = HexFormat.of().formatHex(bytes);
        String host = loaded.server().host().contains(":") ? "[" + loaded.server().host() + "]" : loaded.server().host();
        out.printf("%nSign in at http://%s:%d/ as demo with password %s (a user of this demo directory only).%n",
                host, loaded.server().port(), password);
        return ServerCommand.serve(files, loaded, Vigil.Machine.replayed(replay.tree()), vigil -> {
            if (vigil.users().find("demo").isEmpty()) {
                vigil.users().add("demo", Users.Role.ADMIN, password.toCharArray());
            }
        });
    }
}
