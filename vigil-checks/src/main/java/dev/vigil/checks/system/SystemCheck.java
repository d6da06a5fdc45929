package dev.vigil.checks.system;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Thresholds;
import dev.vigil.core.config.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSFileStore;
import oshi.software.os.OSProcess;

/**
 * Measures the local machine through OSHI, one {@code metric} per service: {@code load} (thresholds like
 * {@code check_load}: {@code 5,4,3}), {@code cpu}, {@code memory}, {@code swap} and {@code disk} (percent
 * used; {@code disk} also judges inodes), {@code processes} (count, optionally of one {@code process} name).
 */
public final class SystemCheck implements Check {

    public enum Metric { LOAD, CPU, MEMORY, SWAP, DISK, PROCESSES }

    public record Config(Metric metric, String warning, String critical, String mount,
                         String inodeWarning, String inodeCritical, String process) {
        public Config {
            if (metric == Metric.DISK && (mount == null || mount.isBlank())) {
                throw new IllegalArgumentException("metric disk needs a 'mount' such as /");
            }
        }

        public static Config read(Section s) {
            Metric metric = s.choice("metric", Metric.class, null);
            if (!s.has("metric")) {
                s.errors().add(s.location(), "missing 'metric': expected one of load, cpu, memory, swap, disk, processes");
            }
            String warning = s.string("warning", null);
            String critical = s.string("critical", null);
            String mount = s.string("mount", null);
            String inodeWarning = s.string("inode_warning", null);
            String inodeCritical = s.string("inode_critical", null);
            String process = s.string("process", null);
            if (metric == null) {
                return null;
            }
            if (metric == Metric.DISK && mount == null) {
                s.errors().add(s.location(), "missing 'mount': metric disk needs a mount point such as /");
                return null;
            }
            try {
                Config c = new Config(metric, warning, critical, mount, inodeWarning, inodeCritical, process);
                c.thresholds(0); // validates the ranges now, at load time
                Thresholds.of(inodeWarning, inodeCritical);
                return c;
            } catch (IllegalArgumentException e) {
                s.error(warning != null ? "warning" : "critical", e.getMessage());
                return null;
            }
        }

        /** Load takes three comma-separated ranges (1, 5, 15 minutes); other metrics one each. */
        Thresholds thresholds(int index) {
            return Thresholds.of(pick(warning, index), pick(critical, index));
        }

        private String pick(String spec, int index) {
            if (spec == null) {
                return null;
            }
            String[] parts = spec.split(",");
            if (metric == Metric.LOAD && parts.length == 3) {
                return parts[index];
            }
            if (parts.length != 1) {
                throw new IllegalArgumentException("'" + spec + "': expected one range, or three for load (1,5,15 min)");
            }
            return spec;
        }
    }

    /** OSHI's probe is costly to create and safe to share. */
    private static final class Host {
        static final SystemInfo INFO = new SystemInfo();
    }

    private final Config config;

    public SystemCheck(Config config) {
        this.config = config;
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        return switch (config.metric()) {
            case LOAD -> load();
            case CPU -> cpu(timeout);
            case MEMORY -> memory();
            case SWAP -> swap();
            case DISK -> disk();
            case PROCESSES -> processes();
        };
    }

    @Override
    public String measures(String perfLabel) {
        return switch (config.metric()) {
            case LOAD -> switch (perfLabel) {
                case "load1" -> "load.1min";
                case "load5" -> "load.5min";
                case "load15" -> "load.15min";
                default -> null;
            };
            case CPU -> perfLabel.equals("cpu") ? "cpu.used" : null;
            case MEMORY -> perfLabel.equals("memory") ? "memory.percent" : perfLabel.equals("memory_used") ? "memory.used" : null;
            case SWAP -> perfLabel.equals("swap") ? "swap.percent" : perfLabel.equals("swap_used") ? "swap.used" : null;
            case DISK -> perfLabel.equals(config.mount()) ? "disk." + config.mount() + ".percent"
                    : perfLabel.equals(config.mount() + " used") ? "disk." + config.mount() + ".used"
                    : perfLabel.equals(config.mount() + " inodes") ? "disk." + config.mount() + ".inodes" : null;
            // A count of one named process is this service's own number; all processes is the machine's.
            case PROCESSES -> config.process() == null && perfLabel.equals("procs") ? "processes" : null;
        };
    }

    private CheckResult load() {
        double[] load = Host.INFO.getHardware().getProcessor().getSystemLoadAverage(3);
        if (load[0] < 0) {
            return CheckResult.line("LOAD", ServiceState.UNKNOWN, "load average is not available on this system", List.of());
        }
        ServiceState state = ServiceState.OK;
        String[] names = {"load1", "load5", "load15"};
        List<PerfValue> perf = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thresholds t = config.thresholds(i);
            state = ServiceState.worst(state, t.evaluate(load[i]));
            perf.add(new PerfValue(names[i], round(load[i]), "", t.warnText(), t.critText(), 0.0, null));
        }
        String msg = String.format(Locale.ROOT, "load average: %.2f, %.2f, %.2f", load[0], load[1], load[2]);
        return CheckResult.line("LOAD", state, msg, perf);
    }

    private CheckResult cpu(Duration timeout) throws InterruptedException {
        CentralProcessor cpu = Host.INFO.getHardware().getProcessor();
        long[] before = cpu.getSystemCpuLoadTicks();
        // Usage is a rate: sample over one second (or less when the timeout is shorter).
        Thread.sleep(Math.min(1000, Math.max(100, timeout.toMillis() / 2)));
        double used = cpu.getSystemCpuLoadBetweenTicks(before) * 100;
        return percent("CPU", "cpu", used, String.format(Locale.ROOT, "%.1f%% used", used), null);
    }

    private CheckResult memory() {
        GlobalMemory mem = Host.INFO.getHardware().getMemory();
        long total = mem.getTotal();
        long used = total - mem.getAvailable();
        double pct = total == 0 ? 0 : used * 100.0 / total;
        return percent("MEMORY", "memory", pct, String.format(Locale.ROOT, "%.1f%% used (%s of %s)", pct,
                bytes(used), bytes(total)), PerfValue.of("memory_used", used, "B").withBounds(0.0, (double) total));
    }

    private CheckResult swap() {
        var vm = Host.INFO.getHardware().getMemory().getVirtualMemory();
        long total = vm.getSwapTotal();
        if (total == 0) {
            return CheckResult.line("SWAP", ServiceState.OK, "no swap configured", List.of());
        }
        long used = vm.getSwapUsed();
        double pct = used * 100.0 / total;
        return percent("SWAP", "swap", pct, String.format(Locale.ROOT, "%.1f%% used (%s of %s)", pct,
                bytes(used), bytes(total)), PerfValue.of("swap_used", used, "B").withBounds(0.0, (double) total));
    }

    private CheckResult disk() {
        Optional<OSFileStore> store = Host.INFO.getOperatingSystem().getFileSystem().getFileStores(false).stream()
                .filter(fs -> fs.getMount().equals(config.mount())).findFirst();
        if (store.isEmpty()) {
            return CheckResult.line("DISK", ServiceState.CRITICAL, config.mount() + " is not mounted", List.of());
        }
        OSFileStore fs = store.get();
        fs.updateAttributes();
        long total = fs.getTotalSpace();
        long used = total - fs.getUsableSpace();
        double pct = total == 0 ? 0 : used * 100.0 / total;
        Thresholds space = config.thresholds(0);
        ServiceState state = space.evaluate(pct);
        String msg = String.format(Locale.ROOT, "%s %.1f%% used (%s free of %s)", config.mount(), pct,
                bytes(fs.getUsableSpace()), bytes(total));
        List<PerfValue> perf = new ArrayList<>();
        perf.add(new PerfValue(config.mount(), round(pct), "%", space.warnText(), space.critText(), 0.0, 100.0));
        perf.add(PerfValue.of(config.mount() + " used", used, "B").withBounds(0.0, (double) total));
        long inodes = fs.getTotalInodes();
        if (inodes > 0) {
            double inodePct = (inodes - fs.getFreeInodes()) * 100.0 / inodes;
            Thresholds it = Thresholds.of(config.inodeWarning(), config.inodeCritical());
            state = ServiceState.worst(state, it.evaluate(inodePct));
            msg += String.format(Locale.ROOT, ", inodes %.1f%% used", inodePct);
            perf.add(new PerfValue(config.mount() + " inodes", round(inodePct), "%", it.warnText(), it.critText(), 0.0, 100.0));
        }
        return CheckResult.line("DISK", state, msg, perf);
    }

    private CheckResult processes() {
        var os = Host.INFO.getOperatingSystem();
        long count;
        String what;
        if (config.process() == null) {
            count = os.getProcessCount();
            what = "processes";
        } else {
            count = os.getProcesses().stream().map(OSProcess::getName).filter(config.process()::equals).count();
            what = "processes named '" + config.process() + "'";
        }
        Thresholds t = config.thresholds(0);
        ServiceState state = t.evaluate(count);
        return CheckResult.line("PROCS", state, count + " " + what,
                List.of(new PerfValue("procs", (double) count, "", t.warnText(), t.critText(), 0.0, null)));
    }

    private CheckResult percent(String label, String perfLabel, double pct, String msg, PerfValue extra) {
        Thresholds t = config.thresholds(0);
        List<PerfValue> perf = new ArrayList<>();
        perf.add(new PerfValue(perfLabel, round(pct), "%", t.warnText(), t.critText(), 0.0, 100.0));
        if (extra != null) {
            perf.add(extra);
        }
        return CheckResult.line(label, t.evaluate(pct), msg, perf);
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    static String bytes(long b) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = b;
        int i = 0;
        while (v >= 1024 && i < units.length - 1) {
            v /= 1024;
            i++;
        }
        return String.format(Locale.ROOT, i == 0 ? "%.0f %s" : "%.1f %s", v, units[i]);
    }

    /** Mount points of real local filesystems, for the default "monitor this host" configuration. */
    public static List<String> localMounts() {
        List<String> skip = List.of("tmpfs", "devtmpfs", "proc", "sysfs", "squashfs", "cgroup", "cgroup2",
                "devpts", "mqueue", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "autofs", "fusectl",
                "configfs", "hugetlbfs", "ramfs", "nsfs", "binfmt_misc", "efivarfs", "rpc_pipefs");
        return Host.INFO.getOperatingSystem().getFileSystem().getFileStores(true).stream()
                .filter(fs -> !skip.contains(fs.getType()))
                .filter(fs -> fs.getTotalSpace() > 0)
                .map(OSFileStore::getMount)
                .filter(m -> !m.startsWith("/proc") && !m.startsWith("/sys") && !m.startsWith("/dev")
                        && !m.startsWith("/run") && !m.startsWith("/snap"))
                .distinct().sorted().toList();
    }

}
