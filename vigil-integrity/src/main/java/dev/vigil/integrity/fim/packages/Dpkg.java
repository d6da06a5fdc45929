package dev.vigil.integrity.fim.packages;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What Debian's package manager did and what it installed, read from its own records: the operations in
 * {@code /var/log/dpkg.log}, each package's files ({@code info/PKG.list}) and their checksums
 * ({@code info/PKG.md5sums}). That is how a package upgrade is told apart from tampering.
 */
public final class Dpkg {
    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    /** Processes that mean a package operation is under way: its files are still being written. */
    private static final Set<String> BUSY = Set.of("dpkg", "apt", "apt-get", "aptitude", "unattended-upgr", "packagekitd");

    /** One line of dpkg.log that installed, upgraded or removed a package. */
    public record Operation(Instant at, String action, String pkg, String version) {}

    /** A package's own record of one file: which package, and the MD5 it shipped (null for conffiles). */
    public record Owner(String pkg, String md5) {}

    private final Path info;
    private final Path log;
    private final ZoneId zone;
    private final Path dpkgQuery;

    /** This machine's dpkg: {@code /var/lib/dpkg/info}, {@code /var/log/dpkg.log}, {@code dpkg-query}. */
    public static Dpkg system() {
        return new Dpkg(Path.of("/var/lib/dpkg/info"), Path.of("/var/log/dpkg.log"), ZoneId.systemDefault(),
                Path.of("/usr/bin/dpkg-query"));
    }

    public Dpkg(Path info, Path log, ZoneId zone, Path dpkgQuery) {
        this.info = info;
        this.log = log;
        this.zone = zone;
        this.dpkgQuery = dpkgQuery;
    }

    /** Whether this machine has dpkg at all (elsewhere every change is judged on its own). */
    public boolean present() {
        return Files.isDirectory(info);
    }

    /**
     * Packages installed, upgraded or removed since {@code since}, from dpkg.log ("status installed PKG VERSION",
     * "remove PKG ..."), oldest first. The log's local times are read in this machine's zone.
     */
    public List<Operation> since(Instant since) {
        List<Operation> out = new ArrayList<>();
        if (!Files.isReadable(log)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.length() < 20) {
                    continue;
                }
                Instant at;
                try {
                    at = LocalDateTime.parse(line.substring(0, 19), LOG_TIME).atZone(zone).toInstant();
                } catch (DateTimeParseException e) {
                    continue;
                }
                if (at.isBefore(since)) {
                    continue;
                }
                String[] w = line.substring(20).split(" ");
                if (w.length >= 4 && w[0].equals("status") && w[1].equals("installed")) {
                    out.add(new Operation(at, "installed", w[2], w[3]));
                } else if (w.length >= 3 && (w[0].equals("remove") || w[0].equals("purge"))) {
                    out.add(new Operation(at, "removed", w[1], w[2]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable log attributes nothing: changes are then judged one by one
        }
        return out;
    }

    /** The files of {@code pkg} (as dpkg.log names it, {@code name:arch}) with the checksums it shipped. */
    public Map<String, Owner> files(String pkg) {
        Map<String, Owner> out = new LinkedHashMap<>();
        String name = pkg.contains(":") ? pkg.substring(0, pkg.indexOf(':')) : pkg;
        Map<String, String> md5 = new LinkedHashMap<>();
        for (String base : List.of(pkg, name)) {
            Path sums = info.resolve(base + ".md5sums");
            if (Files.isReadable(sums)) {
                try {
                    for (String l : Files.readAllLines(sums, StandardCharsets.UTF_8)) {
                        int sp = l.indexOf("  ");
                        if (sp == 32) {
                            md5.put("/" + l.substring(34), l.substring(0, 32));
                        }
                    }
                } catch (IOException e) {
                    // no checksums: the files count as the package's but cannot be verified
                }
                break;
            }
        }
        for (String base : List.of(pkg, name)) {
            Path list = info.resolve(base + ".list");
            if (Files.isReadable(list)) {
                try {
                    for (String l : Files.readAllLines(list, StandardCharsets.UTF_8)) {
                        if (!l.isBlank()) {
                            out.put(l, new Owner(name, md5.get(l)));
                        }
                    }
                } catch (IOException e) {
                    // as above
                }
                break;
            }
        }
        return out;
    }

    /** Which installed package owns {@code path} and what it shipped there, asking {@code dpkg-query -S}. */
    public Optional<Owner> owner(String path) {
        if (!Files.isExecutable(dpkgQuery)) {
            return Optional.empty();
        }
        try {
            Process p = new ProcessBuilder(dpkgQuery.toString(), "-S", "--", path).redirectErrorStream(false).start();
            String outText;
            try (InputStream in = p.getInputStream()) {
                outText = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return Optional.empty();
            }
            for (String line : outText.lines().toList()) {
                int colon = line.indexOf(": ");
                if (colon > 0 && line.substring(colon + 2).equals(path) && !line.startsWith("diversion")) {
                    String pkg = line.substring(0, colon).split(",")[0].strip();
                    Owner o = files(pkg).get(path);
                    return Optional.of(o != null ? o : new Owner(pkg, null));
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /** Whether a package operation is running now (dpkg, apt, unattended-upgrades): its files are in flux. */
    public static boolean busy() {
        try (var procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                try {
                    if (BUSY.contains(Files.readString(p.resolve("comm")).strip())) {
                        return true;
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** Waits (at most {@code most}) until no package operation runs; true if it is quiet now. */
    public static boolean awaitQuiet(Duration most) throws InterruptedException {
        long until = System.nanoTime() + most.toNanos();
        while (busy()) {
            if (System.nanoTime() > until) {
                return false;
            }
            Thread.sleep(1000);
        }
        return true;
    }

    /** The MD5 of a file as dpkg records it (hex), or empty when it cannot be read. */
    public static Optional<String> md5(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("MD5"); // dpkg's own format, compared, not trusted for security alone
            byte[] buf = new byte[64 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return Optional.of(HexFormat.of().formatHex(md.digest()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required by every Java platform", e);
        }
    }
}
