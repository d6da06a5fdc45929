package dev.vigil.checks.dns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Thresholds;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DnsCheckTest {
    @Test
    void localhostResolvesToTheLoopbackAddress() throws Exception {
        CheckResult r = new DnsCheck(new DnsCheck.Config("localhost", Set.of("127.0.0.1"), Thresholds.NONE))
                .run(Duration.ofSeconds(5));
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).contains("localhost returns").contains("127.0.0.1");
    }

    @Test
    void anUnexpectedAddressIsCritical() throws Exception {
        CheckResult r = new DnsCheck(new DnsCheck.Config("localhost", Set.of("10.9.9.9"), Thresholds.NONE))
                .run(Duration.ofSeconds(5));
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("expected '10.9.9.9'");
    }

    @Test
    void aNameThatDoesNotExistIsCritical() throws Exception {
        CheckResult r = new DnsCheck(new DnsCheck.Config("no-such-host.invalid", Set.of(), Thresholds.NONE))
                .run(Duration.ofSeconds(5));
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
    }
}
