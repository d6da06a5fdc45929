package dev.vigil.agent;

import dev.vigil.agent.wire.Facts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Reads this machine's facts from the places Linux keeps them (no process is started). */
final class MachineFacts {
    private MachineFacts() {}

    static Facts read(String host, Map<String, String> labels, String version) {
        return new Facts(host, osName(), System.getProperty("os.version"), addresses(), Runtime.getRuntime().availableProcessors(),
                memory(), listening(), labels, version);
    }

    /** The machine's name as the agent reports it (the short host name, as Nagios and OSSEC name hosts). */
    static String hostname() {
        try {
            String n = Files.readString(Path.of("/etc/hostname")).strip();
            if (!n.isEmpty()) {
                return n;
            }
        } catch (IOException e) {
            // fall through to the resolver
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String osName() {
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not Linux, or a minimal image
        }
        return System.getProperty("os.name");
    }

    private static List<String> addresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (!a.isLinkLocalAddress()) {
                        out.add(a.getHostAddress().replaceAll("%.*", ""));
                    }
                }
            }
        } catch (IOException e) {
            // no interfaces readable: none reported
        }
        out.sort(java.util.Comparator.comparing(a -> a.contains(":"))); // IPv4 first: what people address hosts by
        return out;
    }

    private static long memory() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (l.startsWith("MemTotal:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // unknown
        }
        return 0;
    }

    /** TCP ports in LISTEN state (state 0A in /proc/net/tcp and tcp6). */
    static List<Integer> listening() {
        TreeSet<Integer> ports = new TreeSet<>();
        for (String f : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String l : Files.readAllLines(Path.of(f))) {
                    String[] p = l.strip().split("\\s+");
                    if (p.length > 3 && p[3].equals("0A")) {
                        String local = p[1];
                        ports.add(Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not readable here: none from this table
            }
        }
        return List.copyOf(ports);
    }
}
