package dev.vigil.threats.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.core.config.YamlFiles;
import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreatsReaderTest {
    @TempDir
    Path dir;

    private static ThreatPlan read(String yaml, ConfigErrors errors) throws Exception {
        ConfigNode root = YamlFiles.parse(yaml, "vigil.yml");
        ConfigNode node = Section.of(root, "top", errors).node("threats").orElse(null);
        return ThreatsReader.read(node, errors, Map.of("GH_TOKEN", "ghp_from_env"));
    }

    @Test
    void theAcceptanceConfigAndTheFullFormRead() throws Exception {
        Path hashes = Files.writeString(dir.resolve("own.sha256"), "# our secrets\n" + Masked.sha256("hunter2hunter2") + "  -\n\n");
        ConfigErrors errors = new ConfigErrors();
        ThreatPlan p = read("""
                threats:
                  watch:
                    terms: [example.com, {term: Acme, word: false, case: true}]
                    secrets_sha256: [%s]
                    secrets_sha256_file: %s
                  alert_at: high
                  check_bodies: false
                  sources:
                    - {type: pastebin, url: "http://127.0.0.1:9999", interval: 10s}
                    - {type: github, name: gh, url: "http://127.0.0.1:9998", token: "env:GH_TOKEN", interval: 15m, request_gap: 2s, queries: ["org:acme password"]}
                    - {type: exposure, sites: ["https://shop.example.com"], interval: 24h}
                """.formatted(Masked.sha256("Sup3rS3cretPassw0rd1").toUpperCase(), hashes), errors);
        assertThat(errors.list()).isEmpty();
        assertThat(p.watch().terms()).hasSize(2);
        assertThat(p.watch().own(Masked.sha256("Sup3rS3cretPassw0rd1"))).isTrue();
        assertThat(p.watch().own(Masked.sha256("hunter2hunter2"))).isTrue();
        assertThat(p.watch().ownSecretCount()).isEqualTo(2);
        assertThat(p.alertAt()).isEqualTo(Level.HIGH);
        assertThat(p.checkBodies()).isFalse();
        assertThat(p.sources()).extracting(s -> s.name()).containsExactly("pastebin-127.0.0.1", "gh", "exposure");
        assertThat(p.sources().get(0).interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.sources().get(1).token().reveal()).isEqualTo("ghp_from_env");
        assertThat(p.sources().get(1).gap()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.sources().get(1).queries()).containsExactly("org:acme password");
        assertThat(p.sources().get(2).sites()).containsExactly("https://shop.example.com");
    }

    @Test
    void mistakesAreReportedWithTheirLineAndAPlaintextSecretIsRefused() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        read("""
                threats:
                  watch:
                    terms: [""]
                    secrets_sha256: [Sup3rS3cretPassw0rd1]
                  alert_at: urgent
                  sources:
                    - {type: pastebin}
                    - {type: pastie, url: "http://x"}
                    - {type: feed, url: "ftp://x/feed"}
                    - {type: url, url: "http://a/", name: "a b"}
                    - {type: github, url: "http://127.0.0.1:1", token: "env:NOPE"}
                    - {type: crtsh, url: "http://127.0.0.1:2", name: ct}
                    - {type: crtsh, url: "http://127.0.0.1:3", name: ct}
                """, errors);
        String all = errors.list().toString();
        assertThat(all).contains("a watched term cannot be empty")
                .contains("holds SHA-256 hashes (64 hex digits), not secrets").doesNotContain("Sup3rS3cretPassw0rd1")
                .contains("unknown severity 'urgent'")
                .contains("missing 'url'")
                .contains("unknown threats source type 'pastie'")
                .contains("must be an http:// or https:// URL")
                .contains("'name' may hold letters")
                .contains("environment variable NOPE is not set")
                .contains("two threats sources are named 'ct'")
                .contains("vigil.yml:");
    }

    @Test
    void withoutTheSectionBodiesAreStillScanned() throws Exception {
        ThreatPlan p = read("hosts: []\n", new ConfigErrors());
        assertThat(p.checkBodies()).isTrue();
        assertThat(p.sources()).isEmpty();
    }
}
