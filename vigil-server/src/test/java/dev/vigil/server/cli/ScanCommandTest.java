package dev.vigil.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil scan} as a user runs it: standard input, a tree with planted secrets, a clean tree, bad input. */
class ScanCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPasswordOnStandardInputIsOneMaskedFindingAndExit1() {
        List<JsonNode> out = Cli.json(1, "DB_PASSWORD=Sup3rS3cretPassw0rd1\n", "scan", "--json", "-");
        assertThat(out).singleElement().satisfies(o -> {
            assertThat(o.path("findings")).hasSize(1);
            JsonNode f = o.path("findings").get(0);
            assertThat(f.path("rule").asText()).isEqualTo("env-password");
            assertThat(f.path("line").asInt()).isEqualTo(1);
            assertThat(f.path("description").asText()).isNotBlank();
            assertThat(f.path("secret").asText()).isNotBlank().doesNotContain("Sup3rS3cretPassw0rd1").doesNotContain("S3cret");
        });
    }

    @Test
    void everyPlantedSecretInATreeIsFoundAndIgnoredOrBinaryFilesAreNot() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app/config"));
        Files.writeString(app.resolve("database.yml"), "production:\n  url: postgresql://shop:Pg9xQ2vLr7TzW4@db1/shop\n");
        Files.writeString(dir.resolve("app/.env"), "APP_NAME=shop\nDB_PASSWORD=Sup3rS3cretPassw0rd1\n");
        Files.writeString(dir.resolve("app/deploy.sh"), "#!/bin/sh\ncurl -H 'Authorization: token ghp_" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7c" + "' x\n");
        Path vendor = Files.createDirectories(dir.resolve("app/vendor"));
        Files.writeString(vendor.resolve("lib.env"), "OTHER_PASSWORD=Vend0rS3cretValue99\n");
        Files.writeString(dir.resolve("app/.gitignore"), "vendor/\n*.log\n!keep.log\n");
        Files.writeString(dir.resolve("app/debug.log"), "DB_PASSWORD=L0gS3cretValue12345\n");
        Files.writeString(dir.resolve("app/keep.log"), "REDIS_URL=redis://:K33pR3disPassw0rd9@cache:6379/0\n");
        byte[] binary = ("\0\0\0DB_PASSWORD=B1narySecretValue77\n").getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("app/blob.bin"), binary);
        Path git = Files.createDirectories(dir.resolve("app/.git"));
        Files.writeString(git.resolve("config"), "url = https://deploy:G1tS3cretValue55@git.internal/shop.git\n");

        List<JsonNode> out = Cli.json(1, "", "scan", "--json", dir.resolve("app").toString());
        List<String> found = new ArrayList<>();
        out.get(0).path("findings").forEach(f -> found.add(Path.of(f.path("file").asText()).getFileName() + ":" + f.path("line").asInt()
                + ":" + f.path("rule").asText()));
        assertThat(found).containsExactlyInAnyOrder(".env:2:env-password", "database.yml:2:postgres-dsn", "deploy.sh:2:github-pat",
                "keep.log:1:redis-dsn");
    }

    @Test
    void aCleanTreeOfRealTextHasNoFindingsAndExit0() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("docs"));
        Path licenses = Path.of("/usr/share/common-licenses");
        if (Files.isDirectory(licenses)) {
            try (var s = Files.list(licenses)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    Files.copy(p, tree.resolve(p.getFileName()));
                }
            }
        }
        // Vigil's own documentation: config examples with env: references, URLs, passwords named but not given.
        Files.copy(Path.of("..", "README.md"), tree.resolve("README.md"));
        Files.copy(Path.of("..", "..", "shared", "DESIGN.md"), tree.resolve("DESIGN.md"));
        List<JsonNode> out = Cli.json(0, "", "scan", "--json", tree.toString());
        assertThat(out).singleElement().satisfies(o -> assertThat(o.toString()).isEqualTo("{\"findings\":[]}"));
    }

    @Test
    void aMissingPathOrABrokenRulesFileIsExit2() throws Exception {
        assertThat(dev.vigil.server.Main.run(new String[] {"scan", dir.resolve("nope").toString()})).isEqualTo(2);
        Path rules = dir.resolve("rules.toml");
        Files.writeString(rules, "[[rules]]\nid = \"x\"\nregex = '''(oops'''\n");
        assertThat(dev.vigil.server.Main.run(new String[] {"scan", "--rules", rules.toString(), dir.toString()})).isEqualTo(2);
    }

    @Test
    void aUsersGitleaksRulesReplaceTheDefaults() throws Exception {
        Path rules = dir.resolve("rules.toml");
        Files.writeString(rules, "[[rules]]\nid = \"ours\"\ndescription = \"Our token\"\nregex = '''\\b(ours_[a-z0-9]{10})\\b'''\nkeywords = [\"ours_\"]\n");
        List<JsonNode> out = Cli.json(1, "x ours_abc1234567 y\nDB_PASSWORD=Sup3rS3cretPassw0rd1\n", "scan", "--json", "--rules", rules.toString(), "-");
        assertThat(out.get(0).path("findings")).singleElement().satisfies(f -> assertThat(f.path("rule").asText()).isEqualTo("ours"));
    }
}
