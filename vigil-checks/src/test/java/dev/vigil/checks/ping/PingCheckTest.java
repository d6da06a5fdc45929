package dev.vigil.checks.ping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PingCheckTest {
    private final PingCheck check = new PingCheck(new PingCheck.Config("127.0.0.1", 3,
            new PingCheck.Limit(100, 20), new PingCheck.Limit(500, 60)));

    @Test
    void parsesIputilsOutput() {
        CheckResult r = check.judge("""
                PING 10.0.0.1 (10.0.0.1) 56(84) bytes of data.

                --- 10.0.0.1 ping statistics ---
                5 packets transmitted, 4 received, 20% packet loss, time 4006ms
                rtt min/avg/max/mdev = 0.041/150.250/301.070/0.011 ms
                """, 0);
        assertThat(r.state()).isEqualTo(ServiceState.WARNING);
        assertThat(r.output()).isEqualTo("PING WARNING - Packet loss = 20%, RTA = 150.250 ms");
        assertThat(r.perfdata()).extracting(PerfValue::label).containsExactly("rta", "pl");
    }

    @Test
    void totalLossIsCritical() {
        CheckResult r = check.judge("""
                --- 10.0.0.9 ping statistics ---
                5 packets transmitted, 0 received, 100% packet loss, time 4082ms
                """, 1);
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
    }

    @Test
    void unknownHostIsReportedWithPingsOwnMessage() {
        CheckResult r = check.judge("ping: nosuchhost.invalid: Name or service not known\n", 2);
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("Name or service not known");
    }

    @Test
    void pingsTheLoopbackForReal() throws Exception {
        CheckResult r = check.run(Duration.ofSeconds(10));
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).startsWith("PING OK - Packet loss = 0%");
    }
}
