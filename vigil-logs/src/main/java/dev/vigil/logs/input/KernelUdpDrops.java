package dev.vigil.logs.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Datagrams the kernel dropped for a UDP port because the socket's receive buffer was full: the last column
 * ({@code drops}) of {@code /proc/net/udp} and {@code /proc/net/udp6}. Those never reach Vigil, so only the
 * kernel can count them. Zero where the files do not exist (not Linux).
 */
final class KernelUdpDrops {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private KernelUdpDrops() {}

    static long forPort(int port) {
        if (port <= 0) {
            return 0;
        }
        long sum = 0;
        for (Path table : TABLES) {
            try {
                sum += forPort(Files.readAllLines(table), port);
            } catch (IOException | RuntimeException e) {
                // Not Linux, or the table changed shape: nothing to add.
            }
        }
        return sum;
    }

    /** Sums the drops of the sockets bound to {@code port} in one table's lines (the header line is skipped). */
    static long forPort(List<String> lines, int port) {
        String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        long sum = 0;
        for (String line : lines) {
            String[] cols = line.trim().split("\\s+");
            if (cols.length < 13 || !cols[1].endsWith(suffix)) {
                continue;
            }
            try {
                sum += Long.parseLong(cols[cols.length - 1]);
            } catch (NumberFormatException e) {
                // the header line, or a column we cannot read
            }
        }
        return sum;
    }
}
