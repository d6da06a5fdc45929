package dev.vigil.integrity.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit on a tree laid out like a real machine, with one of each unsafe thing in it. */
class AuditTest {
    @TempDir
    Path root;

    private final Map<String, Set<String>> memory = new HashMap<>();
    private final AuditContext.Seen seen = new AuditContext.Seen() {
        @Override
        public Set<String> previous(String kind) {
            return memory.get(kind);
        }

        @Override
        public void remember(String kind, Set<String> items) {
            memory.put(kind, items);
        }
    };

    private Path write(String path, String text) throws Exception {
        Path p = root.resolve(path.substring(1));
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private List<Finding> audit() {
        return Audit.run(new AuditContext(root, List.of("/"), List.of("/var/www"), seen, false)).findings();
    }

    private static List<String> summary(List<Finding> fs) {
        return fs.stream().map(f -> f.kind() + " " + f.path() + " " + f.severity()).toList();
    }

    @Test
    void eachClassOfProblemIsFoundWithAFix() throws Exception {
        write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/bash\n");
        write("/etc/group", "root:x:0:\nsudo:x:27:alice,mallory\nalice:x:1000:\n");
        Path shadow = write("/etc/shadow", "root:$6$abc:19000:0:99999:7:::\nguest::19000:0:99999:7:::\n");
        Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("rw-r-----"));
        write("/etc/sudoers", "root ALL=(ALL:ALL) ALL\n%sudo ALL=(ALL:ALL) ALL\n#includedir /etc/sudoers.d\n");
        write("/etc/sudoers.d/deploy", "deploy ALL=(ALL) NOPASSWD: ALL\n");
        write("/etc/ssh/sshd_config", "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin yes\nPasswordAuthentication no\n");
        write("/etc/ssh/sshd_config.d/10-extra.conf", "PermitEmptyPasswords yes\n");
        Path tmp = Files.createDirectories(root.resolve("var/www/app/tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path sticky = Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(sticky, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Files.setPosixFilePermissions(write("/tmp/anyone.txt", "x"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setPosixFilePermissions(write("/etc/cron.d/job", "x"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.setAttribute(write("/opt/tool/helper", "x"), "unix:mode", 04755);
        Files.setAttribute(write("/srv/orphan", "x"), "unix:uid", 4242);

        List<String> found = summary(audit());
        assertThat(found).contains(
                "web-root-777 /var/www/app/tmp critical",
                "world-writable /etc/cron.d/job medium",
                "setuid /opt/tool/helper high",
                "unowned /srv/orphan medium",
                "privileged-group mallory@sudo low",
                "privileged-group alice@sudo low",
                "sudoers /etc/sudoers.d/deploy:1 high",
                "uid0 toor critical",
                "empty-password guest critical",
                "sshd /etc/ssh/sshd_config:2 high",
                "sshd /etc/ssh/sshd_config.d/10-extra.conf:1 critical");
        assertThat(found).noneMatch(f -> f.contains("/tmp/anyone.txt")); // inside a sticky directory
        assertThat(found).noneMatch(f -> f.startsWith("world-writable /var/www/app/tmp")); // reported once, as 777
        assertThat(found).noneMatch(f -> f.contains("PasswordAuthentication"));
        assertThat(audit().stream().filter(f -> f.kind().equals("web-root-777")).findFirst().orElseThrow().remediation())
                .startsWith("chmod 750 '/var/www/app/tmp'");
    }

    @Test
    void suidFilesAreReportedWhenNewOrChangedSinceTheLastAuditAndFixedProblemsAreGoneNextTime() throws Exception {
        write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        Files.setAttribute(write("/usr/bin/passwd", "x"), "unix:mode", 04755);
        assertThat(summary(audit())).noneMatch(f -> f.startsWith("setuid")); // system directory, first audit: recorded
        Path planted = write("/usr/bin/.hidden", "sh");
        Files.setAttribute(planted, "unix:mode", 04755);
        Path sudoers = write("/etc/sudoers.d/temp", "eve ALL=(ALL) NOPASSWD: ALL\n");
        assertThat(summary(audit())).contains("setuid /usr/bin/.hidden high", "sudoers /etc/sudoers.d/temp:1 high");
        Files.delete(sudoers);
        Files.setAttribute(planted, "unix:mode", 0755);
        assertThat(summary(audit())).noneMatch(f -> f.startsWith("setuid") || f.startsWith("sudoers"));
    }

    @Test
    void aWebRootOutsideTheAuditedDirectoriesIsWalkedToo() throws Exception {
        Path uploads = Files.createDirectories(root.resolve("opt/shop/public/uploads"));
        Files.setPosixFilePermissions(uploads, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        List<Finding> found = Audit.run(new AuditContext(root, List.of("/etc"), List.of("/opt/shop/public"), seen, false)).findings();
        assertThat(summary(found)).contains("web-root-777 /opt/shop/public/uploads critical");
    }

    @Test
    void anUnreadableShadowIsSaidNotSkipped() throws Exception {
        write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
        Path shadow = write("/etc/shadow", "root:x:1:::::\n");
        Files.setPosixFilePermissions(shadow, PosixFilePermissions.fromString("---------"));
        List<Finding> fs = audit();
        boolean readable = Files.isReadable(shadow); // root reads anything
        if (readable) {
            assertThat(summary(fs)).noneMatch(f -> f.startsWith("empty-password"));
        } else {
            assertThat(summary(fs)).contains("empty-password /etc/shadow low");
        }
    }

    @Test
    void onTheLiveSystemAPortThatStartsListeningSinceTheLastAuditIsReportedWithItsProcess() throws Exception {
        AuditContext live = new AuditContext(java.nio.file.Path.of("/"), List.of(), List.of(), seen, true);
        try (java.net.ServerSocket before = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThat(summary(Audit.run(live).findings())).noneMatch(f -> f.startsWith("listening-port")); // first audit: recorded
            try (java.net.ServerSocket opened = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
                List<Finding> found = Audit.run(live).findings();
                assertThat(found).filteredOn(f -> f.kind().equals("listening-port")).anySatisfy(f -> {
                    assertThat(f.path()).isEqualTo("tcp/" + opened.getLocalPort());
                    assertThat(f.why()).contains("(pid " + ProcessHandle.current().pid() + ")");
                });
                assertThat(found).noneMatch(f -> f.path().equals("tcp/" + before.getLocalPort()));
            }
        }
    }
}
