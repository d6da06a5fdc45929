package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.server.RunningVigil;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Problems by e-mail end to end, and the routine report, through a real SMTP server (GreenMail). */
class EmailNotificationTest {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("vigil@example.com", "vigil", "mail password"));

    @TempDir
    Path dir;

    private RunningVigil vigil;

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(dir, """
                smtp:
                  host: 127.0.0.1
                  port: %d
                  starttls: false
                  username: vigil
                  password: "mail password"
                  from: vigil@example.com
                receivers:
                  - name: ops-mail
                    email: {to: [ops@example.com]}
                routes:
                  - receiver: ops-mail
                    group_by: [host]
                    group_wait: 1s
                reports:
                  - {name: daily, receiver: ops-mail, cron: "0 7 * * *", timezone: UTC}
                """.formatted(mail.getSmtp().getPort()));
    }

    @AfterEach
    void stop() {
        vigil.close();
    }

    @Test
    void aProblemArrivesByMailAndTheDailyReportCanBeSentOnDemand() throws Exception {
        vigil.targetStatus = 502;
        await().atMost(Duration.ofSeconds(15)).until(() -> mail.getReceivedMessages().length == 1);
        MimeMessage problem = mail.getReceivedMessages()[0];
        assertThat(problem.getSubject()).isEqualTo("[FIRING:1] CRITICAL web on shop is CRITICAL");
        assertThat(problem.getAllRecipients()[0].toString()).isEqualTo("ops@example.com");

        String token = vigil.vigil.tokens().create("t").secret();
        HttpResponse<String> sent = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(vigil.base + "/api/v1/reports/daily/send")).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length == 2);
        MimeMessage report = Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getSubject().startsWith("[Vigil] daily");
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        assertThat(report.getSubject()).isEqualTo("[Vigil] daily: 1 opened, 0 closed, 1 still open");
        String text = (String) ((jakarta.mail.internet.MimeMultipart) report.getContent()).getBodyPart(0).getContent();
        assertThat(text).contains("web on shop is CRITICAL").contains("Availability");
    }
}
