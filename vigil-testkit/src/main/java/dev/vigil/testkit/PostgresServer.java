package dev.vigil.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server from Debian's {@code postgresql} package, made in a temporary directory and started on a
 * free loopback port, once per test JVM; each test takes a fresh database of its own. Run as the {@code postgres}
 * user when the tests run as root (PostgreSQL refuses root). Its durability settings are relaxed (no fsync): the
 * tests check what Vigil does, not the disk.
 */
public final class PostgresServer {
    private static PostgresServer shared;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgres;

    private PostgresServer(Path dir, Path bin, int port, boolean asPostgres) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgres = asPostgres;
    }

    /** The server of this test JVM, started at the first call and stopped when the JVM exits. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    private static PostgresServer start() {
        try {
            Path bin;
            try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
                bin = versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                        .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                        .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql: install Debian's postgresql"));
            } catch (IOException e) {
                throw new IllegalStateException("PostgreSQL is not installed (Debian's postgresql package): " + e.getMessage(), e);
            }
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("vigil-pg");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            PostgresServer pg = new PostgresServer(dir, bin, port, root);
            if (root) {
                run(List.of("chown", "postgres:", dir.toString()));
            }
            if (pg.exec("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "vigil", "-E", "UTF8", "--locale=C",
                    "--no-sync").waitFor() != 0) {
                throw new IllegalStateException("initdb failed: " + Files.readString(dir.resolve("setup.log")));
            }
            List<String> command = pg.command("postgres", "-D", dir.resolve("data").toString(), "-p", Integer.toString(port), "-k",
                    dir.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off", "-c", "max_connections=300", "-c", "shared_buffers=32MB");
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).start();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (true) {
                try (Connection c = DriverManager.getConnection(pg.url("postgres"), "vigil", "")) {
                    return pg;
                } catch (SQLException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(dir.resolve("server.log")), e);
                    }
                    Thread.sleep(100);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while PostgreSQL started", e);
        }
    }

    private List<String> command(String program, String... args) {
        List<String> command = new ArrayList<>();
        if (asPostgres) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(args));
        return command;
    }

    private Process exec(String program, String... args) throws IOException {
        return new ProcessBuilder(command(program, args)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("setup.log").toFile())).start();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed");
        }
    }

    /** The JDBC URL of {@code database} on this server (user {@code vigil}, no password: trust on loopback). */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** A new, empty database; its JDBC URL. */
    public String freshDatabase() {
        String name = "vigil_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "vigil", ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a database: " + e.getMessage(), e);
        }
        return url(name);
    }

    /** The server's main process, from its pid file. */
    private long pid() throws IOException {
        return Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid")).get(0).trim());
    }

    /** Freezes the server (SIGSTOP), as a network partition would look from Vigil; {@link #resume()} thaws it. */
    public void pause() {
        signal("-STOP");
    }

    public void resume() {
        signal("-CONT");
    }

    private void signal(String which) {
        try {
            // Every process of the server (each connection has its own), so no statement goes on while paused.
            long pid = pid();
            List<Long> all = new ArrayList<>(List.of(pid));
            ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
            List<String> command = new ArrayList<>(List.of("kill", which));
            all.forEach(p -> command.add(Long.toString(p)));
            run(command);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal PostgreSQL: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server at once (immediate shutdown) and removes its files. */
    public void stop() {
        try {
            run(List.of("kill", "-QUIT", Long.toString(pid())));
            for (int i = 0; i < 50 && Files.exists(dir.resolve("data").resolve("postmaster.pid")); i++) {
                Thread.sleep(100);
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | RuntimeException e) {
            // at exit: the temporary directory is the system's to clean
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
