package dev.vigil.server.demo;

import dev.vigil.core.config.ConfigException;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.Sample;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.logs.input.LogInput;
import dev.vigil.logs.input.LogLine;
import dev.vigil.metrics.collect.TopProcesses;
import dev.vigil.server.Vigil;
import dev.vigil.server.config.ConfigFiles;
import dev.vigil.server.config.LiveConfig;
import dev.vigil.server.config.LoadedConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/**
 * Plays the {@link Story} through a Vigil on simulated time, through its real inputs: samples into the metric
 * store (with the busiest processes, as an agent reports them), lines through the log pipeline, the shop's site
 * checked by the check engine over HTTP, file changes found by the integrity scanner in a tree standing for web1,
 * and the dump fetched by the paste source from the paste site. Nothing is written into a store directly.
 */
final class Replay implements AutoCloseable {
    private static final Duration SAMPLES = Duration.ofMinutes(5);
    private static final DateTimeFormatter SYSLOG = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter ACCESS = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    private final Path data;
    private final Story story;
    private final ShopSite site;
    private final Path tree;
    private final Random random = new Random(2026);
    private final List<LogInput.Sink> sinks = new ArrayList<>();
    private long linesSent;
    /** Whether this minute's lines tell part of the story (anything but the routine access line). */
    private boolean telling;

    /** A replay into {@code data} (made anew) of the story ending before {@code now}. */
    Replay(Path data, Instant now, ZoneId zone) throws IOException {
        this.data = data;
        this.story = Story.endingBefore(now, zone);
        this.site = new ShopSite();
        this.tree = data.resolve("web1");
    }

    Story story() {
        return story;
    }

    ShopSite site() {
        return site;
    }

    /** The config the replay runs with, and the dashboard after it. */
    Path config() {
        return data.resolve("vigil.yml");
    }

    /** The tree that stands for web1: what its integrity scan and audit look at. */
    Path tree() {
        return tree;
    }

    /** Plays the story; answers what Vigil caught. */
    Outcome run() throws IOException, ConfigException, TimeoutException {
        makeTree();
        Files.writeString(config(), yaml(), StandardCharsets.UTF_8);
        SimulatedScheduler scheduler = new SimulatedScheduler(story.start().minus(Duration.ofMinutes(1)));
        LoadedConfig loaded = LiveConfig.load(new ConfigFiles(config(), "vigil.yml"), scheduler.clock(), 8080, List.of(), List.of());
        try (Vigil vigil = new Vigil(new ConfigFiles(config(), "vigil.yml"), loaded, scheduler, Runnable::run, new Random(7),
                Vigil.Machine.replayed(tree))) {
            vigil.start();
            vigil.logs().pipeline().add(new LogInput() {
                @Override
                public String name() {
                    return "demo replay";
                }

                @Override
                public void start(Sink sink) {
                    sinks.add(sink);
                }

                @Override
                public String problem() {
                    return null;
                }

                @Override
                public void close() {}
            });
            for (Instant t = story.start(); t.isBefore(story.end()); t = t.plus(Duration.ofMinutes(1))) {
                if (busy(t)) { // between, the scheduler runs what is due (checks, scans, forecasts) in time order
                    scheduler.runUntil(t);
                    telling = false;
                    minute(vigil, t);
                    if (telling) {
                        // Lines that may raise alerts are judged at their minute (correlation rules count in time);
                        // the one routine access line of a quiet minute can wait for the next busy one.
                        settle(vigil);
                    }
                }
            }
            settle(vigil);
            scheduler.runUntil(story.end());
            vigil.incidents().pull();
            return Outcome.judge(story, events(vigil), vigil.incidents(), site.notifications());
        }
    }

    private static List<EventLog.Logged> events(Vigil vigil) {
        List<EventLog.Logged> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<EventLog.Logged> batch = vigil.events().after(after, 1000);
            all.addAll(batch);
            if (batch.size() < 1000) {
                return all;
            }
            after = batch.getLast().id();
        }
    }

    /** Whether something happens in the minute starting at {@code t}: samples every 5 minutes, and the story's moments. */
    private boolean busy(Instant t) {
        if (Duration.between(story.start(), t).toMinutes() % SAMPLES.toMinutes() == 0 || story.backupRunning(t)) {
            return true;
        }
        return List.of(story.chmod(), story.diskFull(), story.diskFull().plus(Duration.ofMinutes(1)), story.repaired(), story.bruteForce(),
                story.login(), story.paste()).contains(t);
    }

    /** What happens in the minute starting at {@code t}. */
    private void minute(Vigil vigil, Instant t) throws IOException {
        long minutes = Duration.between(story.start(), t).toMinutes();
        if (minutes % SAMPLES.toMinutes() == 0) {
            samples(vigil, t);
            line("198.51.100." + (1 + random.nextInt(200)) + " - - [" + ACCESS.format(t.atZone(story.zone()))
                    + "] \"GET /products?page=" + random.nextInt(9) + " HTTP/1.1\" 200 5120 \"-\" \"Mozilla/5.0\"", "/var/log/nginx/access.log", t);
            telling = false; // routine: its analysis does not depend on when it happens
        }
        // The backup holds the database for a few minutes: the shop's backend times out, nginx answers 502.
        if (story.backupRunning(t) && story.backupRunning(t.minus(Duration.ofMinutes(2))) && story.backupRunning(t.plus(Duration.ofMinutes(8)))) {
            for (int i = 0; i < 12; i++) {
                line("198.51.100." + (1 + random.nextInt(200)) + " - - [" + ACCESS.format(t.atZone(story.zone())) + "] \"POST /checkout HTTP/1.1\" 502 166"
                        + " \"-\" \"Mozilla/5.0\"", "/var/log/nginx/access.log", t);
            }
        }
        if (t.equals(story.chmod())) {
            syslog(t, "web1", "sudo", "     dev : TTY=pts/1 ; PWD=/srv/shop ; USER=root ; COMMAND=/usr/bin/chmod 777 /srv/shop/public/uploads");
            Files.setPosixFilePermissions(tree.resolve("srv/shop/public/uploads"), PosixFilePermissions.fromString("rwxrwxrwx"));
            // What inotify would have told the scanner within a second (the replay's clock does not wait for it).
            vigil.integrity().scanNow();
        }
        if (t.equals(story.diskFull())) {
            syslog(t, "db1", "postgres[812]", "[3-1] PANIC:  could not write to file \"pg_wal/xlogtemp.812\": No space left on device");
            syslog(t, "db1", "postgres[812]", "[4-1] ERROR:  invalid page in block 4711 of relation base/16384/16402");
        }
        if (t.equals(story.diskFull().plus(Duration.ofMinutes(1)))) {
            site.databaseDown(true);
        }
        if (t.equals(story.repaired())) {
            site.databaseDown(false);
        }
        if (t.equals(story.bruteForce())) {
            for (int i = 0; i < 10; i++) {
                syslog(t.plusSeconds(i * 5L), "web1", "sshd[4" + (100 + i) + "]", "Failed password for invalid user admin from " + Story.ATTACKER
                        + " port " + (51000 + i * 7) + " ssh2");
            }
        }
        if (t.equals(story.login())) {
            syslog(t, "web1", "sshd[4230]", "Accepted password for shop from " + Story.ATTACKER + " port 51302 ssh2");
        }
        if (t.equals(story.paste())) {
            site.paste("Kx7pQ2vA", t.getEpochSecond(), "shop customers", dump());
        }
    }

    private void samples(Vigil vigil, Instant t) {
        boolean backup = story.backupRunning(t);
        List<Sample> s = new ArrayList<>();
        s.add(sample("db1", "load.1min", "", t, backup ? 5.5 + random.nextGaussian() * 0.3 : 0.4 + Math.abs(random.nextGaussian()) * 0.1, false));
        s.add(sample("db1", "cpu.user", "%", t, backup ? 88 + random.nextGaussian() : 6 + Math.abs(random.nextGaussian()), false));
        s.add(sample("db1", "disk./srv.percent", "%", t, story.disk(t), true));
        for (String host : List.of("web1", "mail1")) {
            s.add(sample(host, "load.1min", "", t, 0.3 + Math.abs(random.nextGaussian()) * 0.1, false));
            s.add(sample(host, "cpu.user", "%", t, 4 + Math.abs(random.nextGaussian()), false));
            s.add(sample(host, "disk./.percent", "%", t, host.equals("web1") ? 41.2 : 33.5, true));
        }
        vigil.metrics().record(s);
        // The busiest processes of db1, as its agent reports them: what names the backup in the pattern.
        var top = backup ? new TopProcesses.Proc(31337, "backup.sh", "/bin/sh /usr/local/bin/backup.sh", 92, 48L << 20)
                : new TopProcesses.Proc(812, "postgres", "postgres: checkpointer", 4, 210L << 20);
        vigil.metrics().recordProcesses("db1", new TopProcesses.Snapshot(t, List.of(top), List.of(top)));
    }

    private static Sample sample(String host, String name, String unit, Instant at, double value, boolean capacity) {
        return new Sample(host, name, unit, at, value, Double.NaN, Double.NaN, unit.equals("%") ? 100 : Double.NaN, capacity, "agent");
    }

    private void syslog(Instant t, String host, String program, String message) {
        line(SYSLOG.format(t.atZone(story.zone())) + " " + host + " " + program + ": " + message, "/var/log/syslog", t);
    }

    private void line(String text, String location, Instant t) {
        try {
            if (sinks.getFirst().accept(new LogLine(text, location, null, t, null))) { // waits while the pipeline is full
                linesSent++;
                telling = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the log pipeline has handed on the minute's lines, so its events carry the minute they belong to. */
    private void settle(Vigil vigil) throws TimeoutException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (vigil.logs().pipeline().handled() < linesSent) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the log pipeline did not take the replayed lines");
            }
            Thread.onSpinWait();
        }
    }

    /** web1's file system as far as the integrity scan and the audit look: the shop, and the accounts and sshd. */
    private void makeTree() throws IOException {
        Path etc = Files.createDirectories(tree.resolve("etc/ssh"));
        Files.writeString(tree.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
                + "dev:x:1000:1000:Dev:/home/dev:/bin/bash\nshop:x:1001:1001:Shop:/srv/shop:/bin/bash\n");
        Files.writeString(tree.resolve("etc/shadow"), "root:*:20000:0:99999:7:::\nwww-data:*:20000:0:99999:7:::\n"
                + "dev:$y$j9T$demo$demo:20000:0:99999:7:::\nshop:$y$j9T$demo$shop:20000:0:99999:7:::\n");
        Files.writeString(tree.resolve("etc/group"), "root:x:0:\nsudo:x:27:dev\nwww-data:x:33:\n");
        Files.writeString(etc.resolve("sshd_config"), "PermitRootLogin no\nPasswordAuthentication yes\n");
        Path shop = Files.createDirectories(tree.resolve("srv/shop/public/uploads"));
        Files.writeString(shop.getParent().resolve("index.php"), "<?php require __DIR__ . '/../app/bootstrap.php';\n");
        Files.createDirectories(tree.resolve("srv/shop/app"));
        Files.writeString(tree.resolve("srv/shop/app/bootstrap.php"), "<?php\n$config = require __DIR__ . '/config.php';\n");
        Files.writeString(tree.resolve("srv/shop/app/config.php"), "<?php return ['db' => getenv('DATABASE_URL')];\n");
        Files.setPosixFilePermissions(shop, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String dump() {
        return "-- PostgreSQL database dump\n-- Dumped from database version 16.4\n\n"
                + "COPY public.customers (id, email, name, password_hash) FROM stdin;\n"
                + "1\tadmin@" + ShopSite.DOMAIN + "\tShop Admin\t" + ShopSite.ADMIN_HASH + "\n"
                + "2\tjane@mail.test\tJane Roe\t$2y$10$Q9m2bH7d1kq0yVb8c3mJ5uP2sT6wX4zA1eR7fG0hK8lN3oI5pU9yC\n"
                + "3\tjohn@mail.test\tJohn Doe\t$2y$10$Z1x2C3v4B5n6M7a8S9d0FeG1hJ2kL3qW4eR5tY6uI7oP8aS9dF0gH\n\\.\n";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The shop as its admin would configure Vigil for it. */
    private String yaml() {
        String tree = this.tree.toAbsolutePath().toString().replace("'", "''");
        return """
                # The demo's configuration: the shop of `vigil demo` (see the README's "Demo").
                server:
                  data: '%s'
                  metrics_interval: 5m
                defaults: {interval: 10m, retry_interval: 1m, max_attempts: 3, timeout: 5s}
                hosts:
                  - {name: web1, address: 127.0.0.1}
                  - {name: db1, address: 192.0.2.20}
                  - {name: mail1, address: 192.0.2.30}
                services:
                  - {name: shop, host: web1, type: http, url: "%s/", depends_on: [db1]}
                metric_alerts:
                  - {name: disk./srv.percent, host: db1, warning: 90, critical: 97}
                forecast_horizon: 21d
                logs:
                  files: []
                  journald: false
                  resolve_after: 1h
                integrity:
                  paths:
                    - {path: '%s/srv/shop', report_changes: true}
                  web_roots: [/srv/shop]
                  realtime: false
                  scan_interval: 6h
                  audit_interval: 1h
                threats:
                  watch:
                    terms: [%s]
                    secrets_sha256: [%s]
                  sources:
                    - {type: pastebin, url: "%s", interval: 1h, request_gap: 0s}
                receivers:
                  - name: ops
                    webhook: {url: "%s/hooks"}
                routes:
                  - receiver: ops
                    repeat_interval: 30d   # reminders of what stays open are not what the demo counts
                incidents: {window: 30m, security_window: 7d}
                """.formatted(data.toAbsolutePath().toString().replace("'", "''"), site.url(), tree, ShopSite.DOMAIN,
                sha256(ShopSite.ADMIN_HASH), site.url(), site.url());
    }

    @Override
    public void close() {
        site.close();
    }
}
