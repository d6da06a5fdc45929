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
    void localMountsIncludeRootButNoPseudoFilesystems() {
        assertThat(SystemCheck.localMounts()).contains("/").noneMatch(m -> m.startsWith("/proc") || m.startsWith("/sys"));
    }
}
