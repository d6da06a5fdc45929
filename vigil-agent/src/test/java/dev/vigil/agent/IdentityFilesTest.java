package dev.vigil.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renewal stopped half way never leaves a key with another key's certificate. */
class IdentityFilesTest {
    @TempDir
    Path dir;

    @Test
    void stoppedBeforeTheCertificateMovedTheOldPairStays() throws Exception {
        Files.writeString(dir.resolve("agent.key"), "old key");
        Files.writeString(dir.resolve("agent.crt"), "old cert");
        Files.writeString(dir.resolve("agent.key.new"), "new key");
        Files.writeString(dir.resolve("agent.crt.new"), "new cert");
        Identity.finishRenewal(dir);
        assertThat(Files.readString(dir.resolve("agent.key"))).isEqualTo("old key");
        assertThat(Files.readString(dir.resolve("agent.crt"))).isEqualTo("old cert");
        assertThat(dir.resolve("agent.key.new")).doesNotExist();
        assertThat(dir.resolve("agent.crt.new")).doesNotExist();
    }

    @Test
    void stoppedAfterTheCertificateMovedItsKeyFollows() throws Exception {
        Files.writeString(dir.resolve("agent.key"), "old key");
        Files.writeString(dir.resolve("agent.crt"), "new cert");
        Files.writeString(dir.resolve("agent.key.new"), "new key");
        Identity.finishRenewal(dir);
        assertThat(Files.readString(dir.resolve("agent.key"))).isEqualTo("new key");
        assertThat(dir.resolve("agent.key.new")).doesNotExist();
        Identity.finishRenewal(dir); // nothing half done: nothing to do
        assertThat(Files.readString(dir.resolve("agent.key"))).isEqualTo("new key");
    }
}
