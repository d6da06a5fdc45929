package dev.vigil.metrics.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ProcFilesTest {
    @TempDir
    Path root;

    private void write(String file, String text) throws Exception {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void readsTheKernelsOwnFormats() throws Exception {
        write("proc/stat", "cpu  100 5 50 800 20 1 2 3 0 0\ncpu0 50 2 25 400 10 0 1 1 0 0\nintr 1\n");
        write("proc/loadavg", "0.52 0.41 0.30 2/345 12345\n");
        write("proc/meminfo", "MemTotal:        1000 kB\nMemFree:          100 kB\nMemAvailable:     400 kB\n"
                + "SwapTotal:         200 kB\nSwapFree:          150 kB\nHugePages_Total:       0\n");
        write("proc/mounts", "proc /proc proc rw 0 0\n/dev/vda / ext4 rw 0 0\ntmpfs /run tmpfs rw 0 0\n"
                + "server:/x /mnt/nfs nfs4 rw 0 0\n/dev/vda /  ext4 rw 0 0\n");
        write("proc/diskstats", "   7       0 loop0 9 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                + " 254       0 vda 688585 63877 32315994 1221815 1439241 213837 180560488 648068 0 293972 1931442\n"
                + " 254       1 vda1 10 0 10 0 10 0 10 0 0 0 0\n");
        Files.createDirectories(root.resolve("sys/block/vda"));
        Files.createDirectories(root.resolve("sys/block/loop0"));
        write("proc/net/dev", "Inter-|   Receive                                                |  Transmit\n"
                + " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n"
                + "    lo: 8000 71 0 1271 0 0 0 0 8000 71 0 0 0 0 0 0\n"
                + "  ifb0:       0       0    0    0    0     0          0         0        0       0    0    0    0     0       0          0\n"
                + "  eth0: 349335674   26085    2    0    0     0          0         0  2200397   22901    3    0    0     0       0          0\n");
        write("sys/class/net/ifb0/operstate", "down\n");
        write("sys/class/net/eth0/operstate", "up\n");
        write("proc/uptime", "21144.51 40000.00\n");
        Files.createDirectories(root.resolve("proc/1"));
        Files.createDirectories(root.resolve("proc/42"));
        Files.createDirectories(root.resolve("proc/self"));

        HostReading r = new ProcFiles(root).read();

        assertThat(r.cpuTicks()).containsExactly(100, 5, 50, 800, 20, 1, 2, 3);
        assertThat(r.load()).containsExactly(0.52, 0.41, 0.30);
        assertThat(r.memoryTotal()).isEqualTo(1_024_000);
        assertThat(r.memoryAvailable()).isEqualTo(409_600);
        assertThat(r.swapTotal()).isEqualTo(204_800);
        assertThat(r.swapUsed()).isEqualTo(51_200);
        // Kernel file systems, those under /run and network ones are no disks to fill; a mount listed twice counts once.
        assertThat(r.volumes()).extracting(HostReading.Volume::mount).containsExactly("/");
        assertThat(r.volumes().get(0).total()).isPositive();
        assertThat(r.disks()).containsExactly(new HostReading.Disk("/dev/vda", 688585, 1439241, 32315994L * 512, 180560488L * 512));
        assertThat(r.interfaces()).containsExactly(new HostReading.Interface("eth0", 349335674, 2200397, 5));
        assertThat(r.processes()).isEqualTo(2);
        assertThat(r.uptimeSeconds()).isEqualTo(21144);
    }

    @Test
    void mountPointsWithSpacesAreUnescaped() {
        assertThat(ProcFiles.unescape("/mnt/my\\040disk")).isEqualTo("/mnt/my disk");
        assertThat(ProcFiles.unescape("/plain")).isEqualTo("/plain");
        assertThat(ProcFiles.unescape("/odd\\")).isEqualTo("/odd\\");
    }

    /** Read from /proc, this machine gives the same names and about the same figures as OSHI does. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void agreesWithOshiOnThisMachine() {
        HostReading proc = new ProcFiles(Path.of("/")).read();
        HostReading oshi = new OshiReader().read();
        assertThat(proc.disks()).extracting(HostReading.Disk::name)
                .containsAll(oshi.disks().stream().map(HostReading.Disk::name).filter(n -> !n.contains("zram") && !n.contains("/ram")).toList());
        assertThat(proc.interfaces()).extracting(HostReading.Interface::name)
                .containsAll(oshi.interfaces().stream().map(HostReading.Interface::name).toList());
        assertThat(proc.volumes()).extracting(HostReading.Volume::mount).contains("/");
        HostReading.Volume procRoot = proc.volumes().stream().filter(v -> v.mount().equals("/")).findFirst().orElseThrow();
        HostReading.Volume oshiRoot = oshi.volumes().stream().filter(v -> v.mount().equals("/")).findFirst().orElseThrow();
        assertThat(procRoot.total()).isEqualTo(oshiRoot.total());
        assertThat(procRoot.inodes()).isEqualTo(oshiRoot.inodes());
        assertThat((double) proc.memoryTotal()).isCloseTo(oshi.memoryTotal(), within(oshi.memoryTotal() * 0.01));
        // OSHI counts milliseconds and the kernel its own ticks: the shares, which are what is recorded, agree.
        assertThat(idleShare(proc)).isCloseTo(idleShare(oshi), within(0.01));
        assertThat(proc.uptimeSeconds()).isCloseTo(oshi.uptimeSeconds(), within(2L));
    }

    private static double idleShare(HostReading r) {
        long total = java.util.Arrays.stream(r.cpuTicks()).sum();
        return (double) r.cpuTicks()[HostReading.CPU_STATES.indexOf("idle")] / total;
    }
}
