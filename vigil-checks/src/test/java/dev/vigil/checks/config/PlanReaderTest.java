package dev.vigil.checks.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.Target;
import dev.vigil.core.config.ConfigError;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.Section;
import dev.vigil.core.config.YamlFiles;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanReaderTest {

    private static Plan read(String yaml, ConfigErrors errors) throws ConfigException {
        PlanReader reader = new PlanReader(errors, InstantSource.system());
        Section root = new Section((dev.vigil.core.config.ConfigNode.Mapping) YamlFiles.parse(yaml, "vigil.yml"), errors);
        reader.addFile(root);
        root.finish();
        return reader.build();
    }

    private static List<String> errors(String yaml) throws ConfigException {
        ConfigErrors errors = new ConfigErrors();
        read(yaml, errors);
        return errors.list().stream().map(ConfigError::toString).toList();
    }

    @Test
    void templatesDefaultsAndGroupsExpandToOneServicePerHost() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        Plan plan = read("""
                defaults:
                  interval: 5m
                  max_attempts: 4
                templates:
                  base-web:
                    type: http
                    retry_interval: 30s
                  shop-web:
                    use: base-web
                    url: http://127.0.0.1/
                hosts:
                  - {name: router}
                  - {name: web1, address: 10.0.0.1, parents: [router], groups: [web]}
                  - {name: web2, address: 10.0.0.2, parents: [router], groups: [web]}
                services:
                  - name: home
                    use: shop-web
                    groups: [web]
                    interval: 1m
                  - name: backup
                    host: web1
                    type: passive
                    freshness: 26h
                    freshness_state: CRITICAL
                """, errors);
        assertThat(errors.list()).isEmpty();
        assertThat(plan.services().keySet()).containsExactly(Target.service("web1", "home"),
                Target.service("web2", "home"), Target.service("web1", "backup"));
        ServiceDefinition home = plan.services().get(Target.service("web2", "home"));
        assertThat(home.type()).isEqualTo("http");
        assertThat(home.timing().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(home.timing().retryInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(home.timing().maxAttempts()).isEqualTo(4);
        ServiceDefinition backup = plan.services().get(Target.service("web1", "backup"));
        assertThat(backup.isActive()).isFalse();
        assertThat(backup.freshness()).isEqualTo(Duration.ofHours(26));
        assertThat(backup.timing().maxAttempts()).isEqualTo(1);
        assertThat(plan.hosts().get("web1").parents()).containsExactly("router");
    }

    @Test
    void dependsOnRelatesTheHostsBothWaysAndAnUnknownHostIsAnErrorWithItsLine() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        Plan plan = read("""
                hosts:
                  - {name: web1, address: 127.0.0.1}
                  - {name: db1, address: 127.0.0.2}
                  - {name: mail1, address: 127.0.0.3}
                services:
                  - {name: shop, host: web1, type: tcp, port: 80, depends_on: [db1/postgres]}
                  - {name: smtp, host: mail1, type: tcp, port: 25}
                """, errors);
        assertThat(errors.list()).isEmpty();
        assertThat(plan.services().get(Target.service("web1", "shop")).dependsOn()).containsExactly("db1/postgres");
        assertThat(plan.relatedHosts()).containsOnlyKeys("web1", "db1");
        assertThat(plan.relatedHosts().get("db1")).containsExactly("web1");
        assertThat(errors("""
                hosts:
                  - {name: web1, address: 127.0.0.1}
                services:
                  - name: shop
                    host: web1
                    type: tcp
                    port: 80
                    depends_on: [db9]
                """)).contains("vigil.yml:8: 'depends_on' names unknown host 'db9' (write HOST or HOST/SERVICE)");
    }

    @Test
    void everyErrorIsReportedWithItsLine() throws Exception {
        List<String> errors = errors("""
                hosts:
                  - name: web1
                    parents: [nowhere]
                services:
                  - name: a
                    host: web1
                    type: htp
                  - name: b
                    host: web1
                    type: tcp
                    port: 80
                    interval: 5 minutes
                  - name: c
                    host: ghost
                    type: tcp
                    port: 22
                  - name: d
                    host: web1
                    type: exec
                    comand: [/bin/true]
                """);
        assertThat(errors).contains(
                "vigil.yml:2: host 'web1' has unknown parent 'nowhere'",
                "vigil.yml:12: 'interval': invalid duration '5 minutes'; expected a number with a unit (ms, s, m, h, d, w), e.g. 30s, 5m or 1h30m",
                "vigil.yml:14: service 'c' refers to unknown host 'ghost'");
        assertThat(errors).anyMatch(e -> e.startsWith("vigil.yml:7: unknown check type 'htp'; expected one of"));
        assertThat(errors).anyMatch(e -> e.startsWith("vigil.yml:20: unknown key 'comand'"));
        assertThat(errors).anyMatch(e -> e.startsWith("vigil.yml:17: missing 'command'"));
    }

    @Test
    void locationsTakeAMajorityQuorumByDefaultAndOnlyForTheChecksAProbeRuns() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        Plan plan = read("""
                hosts: [{name: web}]
                services:
                  - {name: http, host: web, type: http, url: "http://shop.example/", locations: [local, fra, nyc]}
                  - {name: https, host: web, type: tls, port: 443, locations: [fra, nyc], quorum: 1}
                """, errors);
        assertThat(errors.list()).isEmpty();
        assertThat(plan.services().get(Target.service("web", "http")).locations()).isEqualTo(new Locations(List.of("local", "fra", "nyc"), 2));
        assertThat(plan.services().get(Target.service("web", "https")).locations().runsHere()).isFalse();
        List<String> bad = errors("""
                hosts: [{name: web}]
                services:
                  - {name: a, host: web, type: exec, command: [/bin/true], locations: [fra]}
                  - {name: b, host: web, type: tcp, port: 80, locations: [fra, nyc], quorum: 3}
                  - {name: c, host: web, type: tcp, port: 80, locations: [Frankfurt]}
                  - {name: d, host: web, type: tcp, port: 80, quorum: 2}
                  - {name: e, host: web, type: tcp, port: 80, locations: [fra, fra]}
                """);
        assertThat(bad).anyMatch(e -> e.contains("vigil.yml:3") && e.contains("not 'exec'"));
        assertThat(bad).anyMatch(e -> e.contains("vigil.yml:4") && e.contains("'quorum' must be between 1 and 2"));
        assertThat(bad).anyMatch(e -> e.contains("vigil.yml:5") && e.contains("location 'Frankfurt' must be lower-case"));
        assertThat(bad).anyMatch(e -> e.contains("vigil.yml:6") && e.contains("'quorum' needs 'locations'"));
        assertThat(bad).anyMatch(e -> e.contains("vigil.yml:7") && e.contains("each place once"));
    }

    @Test
    void duplicatesCyclesAndUnknownTemplatesAreErrors() throws Exception {
        List<String> errors = errors("""
                templates:
                  a: {use: b}
                  b: {use: a}
                hosts:
                  - {name: x, parents: [y]}
                  - {name: y, parents: [x]}
                  - {name: x}
                services:
                  - {name: s, host: x, use: nope, type: passive}
                """);
        assertThat(errors).anyMatch(e -> e.contains("template 'a' uses itself"));
        assertThat(errors).anyMatch(e -> e.contains("is its own ancestor"));
        assertThat(errors).anyMatch(e -> e.contains("vigil.yml:7: host 'x' is already defined at vigil.yml:5"));
        assertThat(errors).anyMatch(e -> e.contains("unknown template 'nope'"));
    }

    @Test
    void downtimesNeedAValidCronOrStartAndEnd() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        Plan plan = read("""
                hosts:
                  - {name: db}
                downtimes:
                  - {host: db, cron: "30 4 * * 4", duration: 1h, comment: weekly backup, timezone: UTC}
                  - {host: db, cron: "every thursday", duration: 1h}
                  - {host: db, start: "2026-12-01T00:00:00Z", end: "2026-11-30T00:00:00Z"}
                """, errors);
        assertThat(plan.downtimes()).singleElement().satisfies(d -> assertThat(d.comment()).isEqualTo("weekly backup"));
        assertThat(errors.list()).extracting(ConfigError::toString)
                .anyMatch(e -> e.startsWith("vigil.yml:5: invalid cron expression 'every thursday'"))
                .anyMatch(e -> e.startsWith("vigil.yml:6: a one-off downtime needs start and end, with end after start"));
    }

    @Test
    void aScalarWhereAListIsExpectedIsAClearError() throws Exception {
        assertThat(errors("hosts: web1\n")).containsExactly(
                "vigil.yml:1: 'hosts' must be a list (entries starting with '- '), found 'web1'");
    }
}
