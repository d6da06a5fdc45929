package dev.vigil.checks.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SystemCheckTest {
    private static CheckResult run(SystemCheck.Metric metric, String warning, String critical, String mount, String process)
            throws InterruptedException {
        return new SystemCheck(new SystemCheck.Config(metric, warning, critical, mount, null, null, process))
                .run(Duration.ofSeconds(5));
    }

    @Test
    void everyMetricMeasuresThisMachine() throws Exception {
        assertThat(run(SystemCheck.Metric.LOAD, "1000,1000,1000", "2000,2000,2000", null, null).output()).startsWith("LOAD OK - load average:");
        assertThat(run(SystemCheck.Metric.CPU, "101", null, null, null).output()).startsWith("CPU OK - ");
        assertThat(run(SystemCheck.Metric.MEMORY, null, null, null, null).perfdata()).isNotEmpty();
        assertThat(run(SystemCheck.Metric.SWAP, null, null, null, null).state()).isEqualTo(ServiceState.OK);
        CheckResult disk = run(SystemCheck.Metric.DISK, "100", null, "/", null);
        assertThat(disk.output()).startsWith("DISK OK - / ");
        assertThat(disk.perfdata().get(0).unit()).isEqualTo("%");
    }

    @Test
    void diskAboveTheThresholdIsCritical() throws Exception {
        assertThat(run(SystemCheck.Metric.DISK, null, "0", "/", null).state()).isEqualTo(ServiceState.CRITICAL);
    }

    @Test
    void anUnmountedMountPointIsCritical() throws Exception {
        CheckResult r = run(SystemCheck.Metric.DISK, null, null, "/no/such/mount", null);
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("not mounted");
    }

    @Test
    void aMissingProcessFailsAnAtLeastOneThreshold() throws Exception {
        CheckResult r = run(SystemCheck.Metric.PROCESSES, null, "1:", null, "no-such-daemon");
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("0 processes named 'no-such-daemon'");
    }

    @Test
    void everyNumberOfAMachineMeasurementNamesTheCollectorsSeries() throws Exception {
        var expected = java.util.Map.of(
                SystemCheck.Metric.LOAD, java.util.List.of("load.1min", "load.5min", "load.15min"),
                SystemCheck.Metric.CPU, java.util.List.of("cpu.used"),
                SystemCheck.Metric.MEMORY, java.util.List.of("memory.percent", "memory.used"),
                SystemCheck.Metric.DISK, java.util.List.of("disk./.percent", "disk./.used", "disk./.inodes"));
        for (var e : expected.entrySet()) {
            SystemCheck check = new SystemCheck(new SystemCheck.Config(e.getKey(), null, null,
                    e.getKey() == SystemCheck.Metric.DISK ? "/" : null, null, null, null));
            CheckResult r = check.run(Duration.ofSeconds(5));
            assertThat(r.perfdata()).extracting(p -> check.measures(p.label()))
                    .as(e.getKey().name()).containsExactlyInAnyOrderElementsOf(e.getValue());
        }
        // One named process is the service's own number, not the machine's.
        assertThat(new SystemCheck(new SystemCheck.Config(SystemCheck.Metric.PROCESSES, null, null, null, null, null, "sshd"))
                .measures("procs")).isNull();
    }

    @Test
    void localMountsIncludeRootButNoPseudoFilesystems() {
        assertThat(SystemCheck.localMounts()).contains("/").noneMatch(m -> m.startsWith("/proc") || m.startsWith("/sys"));
    }
}
