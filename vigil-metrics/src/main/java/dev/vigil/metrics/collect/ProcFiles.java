package dev.vigil.metrics.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine read from Linux's own files (/proc and /sys), with the names OSHI gives (disks as /dev/NAME), so a
 * host's series keep their names whichever reader made them. The file systems' space comes from the JDK; their
 * inode counts, which the JDK does not give, from one {@code stat -f} for all of them.
 */
final class ProcFiles implements HostReader {
    private static final Logger log = LoggerFactory.getLogger(ProcFiles.class);

    /** Kernel and virtual file systems: nothing to fill, and some (network ones) can hang a reader. */
    private static final Set<String> NOT_STORAGE = Set.of("proc", "sysfs", "devtmpfs", "devpts", "cgroup", "cgroup2", "securityfs",
            "pstore", "debugfs", "tracefs", "configfs", "fusectl", "mqueue", "hugetlbfs", "bpf", "binfmt_misc", "autofs", "rpc_pipefs",
            "nsfs", "efivarfs", "selinuxfs", "ramfs", "overlay", "squashfs", "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs",
            "fuse.sshfs", "glusterfs", "ceph", "9p", "nfsd", "fuse.gvfsd-fuse", "fuse.portal");
    private static final List<String> NOT_STORAGE_UNDER = List.of("/proc", "/sys", "/dev", "/run");

    private final Path root;
    private boolean inodesUnreadable;

    /** @param root where proc/ and sys/ are: "/" on a live system, a copy of their files in tests */
    ProcFiles(Path root) {
        this.root = root;
    }

    @Override
    public HostReading read() {
        try {
            Map<String, Long> mem = meminfo();
            long swapTotal = mem.getOrDefault("SwapTotal", 0L);
            return new HostReading(cpuTicks(), load(), mem.getOrDefault("MemTotal", 0L),
                    mem.getOrDefault("MemAvailable", mem.getOrDefault("MemFree", 0L)), swapTotal,
                    swapTotal - mem.getOrDefault("SwapFree", swapTotal), volumes(), disks(), interfaces(), processes(), uptime());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> lines(String file) throws IOException {
        return Files.readAllLines(root.resolve(file), StandardCharsets.ISO_8859_1);
    }

    private long[] cpuTicks() throws IOException {
        for (String line : lines("proc/stat")) {
            if (line.startsWith("cpu ")) {
                String[] f = line.trim().split("\\s+");
                long[] ticks = new long[HostReading.CPU_STATES.size()];
                for (int i = 0; i < ticks.length && i + 1 < f.length; i++) {
                    ticks[i] = Long.parseLong(f[i + 1]);
                }
                return ticks;
            }
        }
        throw new IOException("proc/stat has no cpu line");
    }

    private double[] load() throws IOException {
        String[] f = lines("proc/loadavg").get(0).trim().split("\\s+");
        return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
    }

    /** /proc/meminfo in bytes. */
    private Map<String, Long> meminfo() throws IOException {
        Map<String, Long> values = new HashMap<>();
        for (String line : lines("proc/meminfo")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] f = line.substring(colon + 1).trim().split("\\s+");
                long v = Long.parseLong(f[0]);
                values.put(line.substring(0, colon), f.length > 1 && f[1].equals("kB") ? v * 1024 : v);
            }
        }
        return values;
    }

    private List<HostReading.Volume> volumes() throws IOException {
        Map<String, long[]> space = new LinkedHashMap<>();
        for (String line : lines("proc/mounts")) {
            String[] f = line.split(" ");
            if (f.length < 3 || NOT_STORAGE.contains(f[2]) || f[2].startsWith("fuse.")) {
                continue;
            }
            String mount = unescape(f[1]);
            if (space.containsKey(mount) || NOT_STORAGE_UNDER.stream().anyMatch(p -> mount.equals(p) || mount.startsWith(p + "/"))) {
                continue;
            }
            try {
                var store = Files.getFileStore(Path.of(mount));
                space.put(mount, new long[] {store.getTotalSpace(), store.getUsableSpace()});
            } catch (IOException | RuntimeException e) {
                // gone since /proc/mounts was read, or not ours to read: skipped this round
            }
        }
        Map<String, long[]> inodes = inodes(space.keySet());
        List<HostReading.Volume> volumes = new ArrayList<>();
        space.forEach((mount, s) -> {
            long[] i = inodes.getOrDefault(mount, new long[] {-1, -1});
            volumes.add(new HostReading.Volume(mount, s[0], s[1], i[0], i[1]));
        });
        return volumes;
    }

    /** Mount points escape spaces, tabs, newlines and backslashes as octal. */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Total and free inodes per mount from one {@code stat -f} (arguments as a list, never through a shell). */
    private Map<String, long[]> inodes(Set<String> mounts) {
        Map<String, long[]> inodes = new HashMap<>();
        if (mounts.isEmpty() || inodesUnreadable) {
            return inodes;
        }
        List<String> command = new ArrayList<>(List.of("stat", "-f", "-c", "%c %d %n", "--"));
        command.addAll(mounts);
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            for (String line : out.split("\n")) {
                String[] f = line.split(" ", 3);
                if (f.length == 3 && mounts.contains(f[2])) {
                    inodes.put(f[2], new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                }
            }
        } catch (IOException | NumberFormatException e) {
            inodesUnreadable = true;
            log.warn("inode counts are not collected: stat -f could not be run ({})", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return inodes;
    }

    /** Whole disks (those in /sys/block), without loop and RAM devices. */
    private List<HostReading.Disk> disks() throws IOException {
        List<HostReading.Disk> disks = new ArrayList<>();
        for (String line : lines("proc/diskstats")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || f[2].startsWith("loop") || f[2].startsWith("ram") || !Files.exists(root.resolve("sys/block").resolve(f[2]))) {
                continue;
            }
            disks.add(new HostReading.Disk("/dev/" + f[2], Long.parseLong(f[3]), Long.parseLong(f[7]),
                    Long.parseLong(f[5]) * 512, Long.parseLong(f[9]) * 512));
        }
        return disks;
    }

    /** The interfaces that are not loopback and not down. */
    private List<HostReading.Interface> interfaces() throws IOException {
        List<HostReading.Interface> interfaces = new ArrayList<>();
        for (String line : lines("proc/net/dev")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue; // the two header lines
            }
            String name = line.substring(0, colon).trim();
            Path state = root.resolve("sys/class/net").resolve(name).resolve("operstate");
            if (name.equals("lo") || (Files.isReadable(state) && Files.readString(state).trim().equals("down"))) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            interfaces.add(new HostReading.Interface(name, Long.parseLong(f[0]), Long.parseLong(f[8]),
                    Long.parseLong(f[2]) + Long.parseLong(f[10])));
        }
        return interfaces;
    }

    private long processes() throws IOException {
        long n = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve("proc"))) {
            for (Path e : entries) {
                String name = e.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    n++;
                }
            }
        }
        return n;
    }

    private long uptime() throws IOException {
        return (long) Double.parseDouble(lines("proc/uptime").get(0).trim().split("\\s+")[0]);
    }
}
