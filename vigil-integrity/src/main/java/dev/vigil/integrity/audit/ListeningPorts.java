package dev.vigil.integrity.audit;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * TCP and UDP ports that started listening since the last audit, with the process that holds them (read
 * from /proc, so only on the live system). The first audit records what listens and reports nothing.
 */
final class ListeningPorts implements AuditCheck {
    @Override
    public String kind() {
        return "listening-port";
    }

    @Override
    public List<Finding> run(AuditContext ctx, List<FileWalk.Entry> files) throws IOException {
        List<Finding> out = new ArrayList<>();
        if (!ctx.live() || !Files.isDirectory(Path.of("/proc/net"))) {
            return out;
        }
        Map<String, String> inodeToProcess = processes();
        Map<String, String> now = new HashMap<>(); // "proto/port" -> process
        read("/proc/net/tcp", "tcp", true, inodeToProcess, now);
        read("/proc/net/tcp6", "tcp", true, inodeToProcess, now);
        read("/proc/net/udp", "udp", false, inodeToProcess, now);
        read("/proc/net/udp6", "udp", false, inodeToProcess, now);
        Set<String> before = ctx.seen() == null ? null : ctx.seen().previous("port");
        if (before != null) {
            for (var e : now.entrySet()) {
                if (!before.contains(e.getKey())) {
                    out.add(new Finding(kind(), e.getKey(), "medium", "Port " + e.getKey() + " started listening since the last audit ("
                            + e.getValue() + ").", "ss -lntup | grep ':" + e.getKey().substring(4) + "'  # and stop the service if unexpected"));
                }
            }
        }
        if (ctx.seen() != null) {
            ctx.seen().remember("port", new TreeSet<>(now.keySet()));
        }
        return out;
    }

    private static void read(String file, String proto, boolean tcp, Map<String, String> procs, Map<String, String> out) {
        try {
            List<String> lines = Files.readAllLines(Path.of(file));
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] f = l.strip().split("\\s+");
                if (f.length < 10 || (tcp && !f[3].equals("0A"))) { // 0A: LISTEN
                    continue;
                }
                String local = f[1];
                int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (!tcp && (port == 0 || !f[2].endsWith(":0000"))) {
                    continue; // a UDP socket that is connected somewhere is a client, not a service
                }
                out.putIfAbsent(proto + "/" + port, procs.getOrDefault(f[9], "process unknown"));
            }
        } catch (IOException | RuntimeException e) {
            // a missing table (no IPv6) is not a finding
        }
    }

    /** Socket inode -> "name (pid N)", from /proc/PID/fd links; processes Vigil may not inspect are skipped. */
    private static Map<String, String> processes() {
        Map<String, String> out = new HashMap<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path proc : procs) {
                String name;
                try {
                    name = Files.readString(proc.resolve("comm")).strip();
                } catch (IOException e) {
                    continue;
                }
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            String t = Files.readSymbolicLink(fd).toString();
                            if (t.startsWith("socket:[")) {
                                out.putIfAbsent(t.substring(8, t.length() - 1), name + " (pid " + proc.getFileName() + ")");
                            }
                        } catch (IOException e) {
                            // the descriptor closed meanwhile
                        }
                    }
                } catch (IOException e) {
                    // not ours to look at
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
