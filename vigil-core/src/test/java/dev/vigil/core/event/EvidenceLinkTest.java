package dev.vigil.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvidenceLinkTest {
    private static final Instant FROM = Instant.parse("2026-11-26T04:15:00Z");
    private static final Instant TO = Instant.parse("2026-11-26T04:35:00Z");

    @Test
    void everyDashboardAddressIsBuiltEncodedInOnePlace() {
        assertThat(EvidenceLink.logs("matching", "rule:31101 AND host:\"shop\"", FROM, TO).href())
                .isEqualTo("/logs?q=rule%3A31101+AND+host%3A%22shop%22&from=" + FROM.getEpochSecond() + "&to=" + TO.getEpochSecond());
        assertThat(EvidenceLink.series("load", "shop & co", "disk./var.percent", FROM, TO).href())
                .isEqualTo("/series?host=shop+%26+co&name=disk.%2Fvar.percent&from=" + FROM.getEpochSecond() + "&to=" + TO.getEpochSecond());
        assertThat(EvidenceLink.checkResults("shop", "disk /").href()).isEqualTo("/api/v1/results?host=shop&service=disk+%2F");
        assertThat(EvidenceLink.checkResults("shop", null).href()).isEqualTo("/api/v1/results?host=shop");
        assertThat(EvidenceLink.integrity("review").href()).isEqualTo("/integrity");
    }

    @Test
    void aLinkNeedsALabelAndAnAddress() {
        assertThatThrownBy(() -> new EvidenceLink(" ", "/x")).isInstanceOf(IllegalArgumentException.class);
    }
}
