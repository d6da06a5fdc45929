package dev.vigil.server.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The integrity issue's command-line contracts, run as a user runs them. */
class IntegrityCliTest {
    @TempDir
    Path dir;

    private static List<JsonNode> run(String... args) {
        return Cli.json("", args);
    }

    @Test
    void fimBaselineThenScanPrintsOneJsonObjectPerChange() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("www"));
        Files.writeString(tree.resolve("index.php"), "<?php echo 1;");
        Files.writeString(tree.resolve("old.php"), "x");
        Path tmp = Files.createDirectories(tree.resolve("tmp"));
        String data = dir.resolve("data").toString();
        assertThat(run("fim", "baseline", "--path", tree.toString(), "--data", data)).isEmpty();
        Files.writeString(tree.resolve("index.php"), "<?php system($_GET['c']);");
        Files.delete(tree.resolve("old.php"));
        Files.writeString(tree.resolve("tmp/shell.php"), "x");
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        // AIDE's exit code: 1 added + 2 removed + 4 changed.
        List<JsonNode> changes = Cli.json(7, "", "fim", "scan", "--path", tree.toString(), "--data", data, "--json");
        assertThat(changes).extracting(c -> c.get("change").asText() + " " + Path.of(c.get("path").asText()).getFileName())
                .containsExactlyInAnyOrder("modified index.php", "removed old.php", "added shell.php", "permissions tmp");
        JsonNode modified = changes.stream().filter(c -> c.get("change").asText().equals("modified")).findFirst().orElseThrow();
        assertThat(modified.get("before").get("sha256").asText()).isNotEqualTo(modified.get("after").get("sha256").asText());
        assertThat(changes).allSatisfy(c -> assertThat(c.has("before") && c.has("after")).isTrue());
        run("fim", "accept", "--path", tree.toString(), "--data", data);
        assertThat(run("fim", "scan", "--path", tree.toString(), "--data", data, "--json")).isEmpty();
    }

    @Test
    void auditPrintsOneJsonObjectPerFindingForATreeAsIfItWereRoot() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path open = Files.createDirectories(root.resolve("var/www/shop/tmp"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(root.resolve("etc/sudoers.d"));
        Files.writeString(root.resolve("etc/sudoers.d/90-eve"), "eve ALL=(ALL) NOPASSWD: ALL\n");
        // A critical finding fails the run (exit 1), so cron and CI can act on it.
        List<JsonNode> findings = Cli.json(1, "", "audit", "--json", "--root", root.toString());
        assertThat(findings.get(0).get("severity").asText()).as("most severe first").isEqualTo("critical");
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.get("class").asText()).isEqualTo("web-root-777");
            assertThat(f.get("path").asText()).isEqualTo("/var/www/shop/tmp");
            assertThat(f.get("severity").asText()).isEqualTo("critical");
            assertThat(f.get("remediation").asText()).startsWith("chmod 750 '/var/www/shop/tmp'");
        });
        assertThat(findings).anySatisfy(f -> {
            assertThat(f.get("class").asText()).isEqualTo("sudoers");
            assertThat(f.get("path").asText()).isEqualTo("/etc/sudoers.d/90-eve:1");
        });
    }

    @Test
    void fimExitCodesFollowAideAndAnAuditWithNothingCriticalSucceeds() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(tree.resolve("a.conf"), "a");
        String data = dir.resolve("data").toString();
        Cli.json(17, "", "fim", "scan", "--path", tree.toString(), "--data", data); // no baseline yet: an error, not a change
        run("fim", "baseline", "--path", tree.toString(), "--data", data);
        Files.writeString(tree.resolve("b.conf"), "b");
        Cli.json(1, "", "fim", "scan", "--path", tree.toString(), "--data", data, "--json");
        Files.writeString(tree.resolve("a.conf"), "changed");
        Cli.json(5, "", "fim", "scan", "--path", tree.toString(), "--data", data, "--json");
        run("fim", "accept", "--path", tree.toString(), "--data", data);
        Path tool = tree.resolve("tool");
        Files.writeString(tool, "#!/bin/sh\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cli.json(1, "", "fim", "scan", "--path", tree.toString(), "--data", data, "--json");
        run("fim", "accept", "--path", tree.toString(), "--data", data);
        // Java cannot set a SUID bit; chmod can (arguments as a list, no shell).
        assertThat(new ProcessBuilder("chmod", "4755", tool.toString()).start().waitFor()).isZero();
        List<JsonNode> suid = Cli.json(4, "", "fim", "scan", "--path", tree.toString(), "--data", data, "--json");
        assertThat(suid).singleElement().satisfies(c -> {
            assertThat(c.get("change").asText()).isEqualTo("permissions");
            assertThat(c.get("setuid_gained").asBoolean()).as("a SUID bit gained is not a plain mode change").isTrue();
        });
        Path clean = Files.createDirectories(dir.resolve("clean/etc"));
        assertThat(Cli.json(0, "", "audit", "--json", "--root", clean.getParent().toString())).isEmpty();
    }
}
