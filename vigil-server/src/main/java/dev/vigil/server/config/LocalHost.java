package dev.vigil.server.config;

import dev.vigil.checks.config.Plan;
import dev.vigil.checks.system.SystemCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration used when there is no config file: this machine's load, CPU, memory, swap, every real
 * mounted disk, SSH and HTTP if something listens on their ports, the system and web server logs, and file integrity with the security audit. Written as YAML and read by the same
 * reader as a user's file, so it is exactly what a user could have written (and {@code vigil config show}
 * style tooling sees nothing special).
 */
public final class LocalHost {
    public static final String NAME = "(built-in local host config)";

    private LocalHost() {}

    public static String yaml(int cores, List<String> mounts, boolean ssh, boolean http, int serverPort, List<String> logFiles) {
        return yaml(cores, mounts, ssh, http, serverPort, logFiles, true, true);
    }

    /**
     * The same, leaving out the {@code integrity:} or {@code logs:} section (when a user's file that asks for
     * the local defaults has its own, which replaces them).
     */
    static String yaml(int cores, List<String> mounts, boolean ssh, boolean http, int serverPort, List<String> logFiles,
                       boolean integrity, boolean logs) {
        int c = Math.max(1, cores);
        StringBuilder y = new StringBuilder();
        y.append("hosts:\n  - name: localhost\n    address: 127.0.0.1\n");
        y.append("templates:\n  local:\n    host: localhost\n    type: system\n    interval: 1m\n    retry_interval: 20s\n");
        y.append("services:\n");
        // Load per core as check_load -r would judge it: warn at 2x the cores, critical at 4x.
        y.append("  - {name: load, use: local, metric: load, warning: '").append(c * 2).append(',').append(c * 2)
                .append(',').append(c * 2).append("', critical: '").append(c * 4).append(',').append(c * 4)
                .append(',').append(c * 4).append("'}\n");
        y.append("  - {name: cpu, use: local, metric: cpu, warning: '90', critical: '98', max_attempts: 5}\n");
        y.append("  - {name: memory, use: local, metric: memory, warning: '90', critical: '95'}\n");
        y.append("  - {name: swap, use: local, metric: swap, warning: '50', critical: '80'}\n");
        for (String mount : mounts) {
            y.append("  - {name: 'disk ").append(mount.replace("'", "''")).append("', use: local, metric: disk, mount: '")
                    .append(mount.replace("'", "''")).append("', warning: '85', critical: '95', inode_warning: '85', inode_critical: '95'}\n");
        }
        if (ssh) {
            y.append("  - {name: ssh, host: localhost, type: tcp, port: 22, expect: SSH}\n");
        }
        if (http) {
            y.append("  - {name: http, host: localhost, type: http, url: 'http://127.0.0.1/'}\n");
        }
        y.append("  - {name: vigil, host: localhost, type: http, url: 'http://127.0.0.1:").append(serverPort)
                .append("/healthz', contains: ok}\n");
        // File integrity of the system directories and the security audit, with the defaults (see the README).
        if (integrity) {
            y.append("integrity: {}\n");
        }
        if (logs && !logFiles.isEmpty()) {
            // The system and web server logs this machine has and Vigil may read; journald where there is one.
            y.append("logs:\n  files:\n");
            for (String f : logFiles) {
                y.append("    - '").append(f.replace("'", "''")).append("'\n");
            }
        }
        return y.toString();
    }

    /** The usual log files of a Debian/Ubuntu/RHEL machine that exist and are readable here. */
    static List<String> logFiles() {
        List<String> out = new ArrayList<>();
        for (String f : List.of("/var/log/syslog", "/var/log/messages", "/var/log/auth.log", "/var/log/secure")) {
            if (Files.isReadable(Path.of(f))) {
                out.add(f);
            }
        }
        for (String d : List.of("/var/log/nginx", "/var/log/apache2", "/var/log/httpd")) {
            if (Files.isDirectory(Path.of(d)) && Files.isReadable(Path.of(d))) {
                out.add(d + "/*.log");
            }
        }
        return out;
    }

    /** The host the local machine's metrics belong to: a configured host with a loopback address, else the hostname. */
    public static String name(Plan plan) {
        for (var h : plan.hosts().values()) {
            String a = h.address();
            if (a != null && (a.startsWith("127.") || a.equals("::1") || a.equals("localhost"))) {
                return h.name();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    public static String detect(int serverPort) {
        return detect(serverPort, true, true);
    }

    static String detect(int serverPort, boolean integrity, boolean logs) {
        return yaml(Runtime.getRuntime().availableProcessors(), SystemCheck.localMounts(), listening(22),
                listening(80), serverPort, logFiles(), integrity, logs);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
