package dev.vigil.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Location;
import dev.vigil.core.config.Section;
import dev.vigil.notify.Alert;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Notification;
import dev.vigil.notify.channel.command.CommandChannel;
import dev.vigil.notify.channel.email.EmailChannel;
import dev.vigil.notify.channel.ntfy.NtfyChannel;
import dev.vigil.notify.channel.pagerduty.PagerDutyChannel;
import dev.vigil.notify.channel.webhook.WebhookChannel;
import dev.vigil.notify.channel.email.SmtpSettings;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Channels against real peers on loopback: an HTTP server, and GreenMail as the SMTP server. */
class ChannelsTest {
    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(new com.icegreen.greenmail.util.ServerSetup[] {ServerSetupTest.SMTP, ServerSetupTest.SMTPS})
            .withConfiguration(com.icegreen.greenmail.configuration.GreenMailConfiguration.aConfig()
                    .withUser("vigil@example.com", "vigil", "smtp secret"));

    @TempDir
    Path tmp;

    private com.sun.net.httpserver.HttpServer http;
    private volatile int status = 200;
    private volatile long delayMillis;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    record Received(String path, Map<String, List<String>> headers, byte[] body) {}

    @BeforeEach
    void start() throws Exception {
        http = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            received.add(new Received(ex.getRequestURI().getPath(), ex.getRequestHeaders(), ex.getRequestBody().readAllBytes()));
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    private static Notification firing() {
        Alert a = new Alert("f1a2b3", Alert.Status.FIRING, "shop", "web", "web on shop is CRITICAL", "CRITICAL",
                "HTTP CRITICAL - HTTP/1.1 502", "check", Instant.parse("2026-11-26T04:30:00Z"), null, Map.of("service", "web"));
        return new Notification("ops", "route-1|ops|fingerprint=f1a2b3", Alert.Status.FIRING, List.of(a), "ops|f1a2b3",
                Instant.parse("2026-11-26T04:30:05Z"), Map.of(), false);
    }

    /** The reason of a refusal to be retried; fails the test on any other outcome. */
    private static String retryReason(Delivery d) {
        assertThat(d).isInstanceOf(Delivery.RetryLater.class);
        return ((Delivery.RetryLater) d).reason();
    }

    @Test
    void aRevokedOrDeletedReceiverIsARefusalForGoodAndATooManyRequestsIsRetried() {
        var channel = new WebhookChannel(new WebhookChannel.Config(URI.create(base() + "/hook"), null, Map.of(), Duration.ofSeconds(5)));
        for (int code : new int[] {401, 403, 404, 410}) {
            status = code;
            assertThat(channel.send(firing())).isEqualTo(new Delivery.Failed("webhook 127.0.0.1 answered HTTP " + code));
        }
        status = 429;
        assertThat(retryReason(channel.send(firing()))).contains("HTTP 429");
        status = 200;
        assertThat(channel.send(firing())).isEqualTo(Delivery.DELIVERED);
    }

    @Test
    void webhookPostsTheDocumentedJsonSignedWithHmac() throws Exception {
        var channel = new WebhookChannel(new WebhookChannel.Config(URI.create(base() + "/hook"), dev.vigil.core.config.Secret.of("s3cret"), Map.of(),
                Duration.ofSeconds(5)));
        channel.send(firing());
        Received r = received.get(0);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("fingerprint").asText()).isEqualTo("f1a2b3");
        assertThat(body.get("host").asText()).isEqualTo("shop");
        assertThat(body.get("title").asText()).isEqualTo("web on shop is CRITICAL");
        assertThat(body.get("severity").asText()).isEqualTo("CRITICAL");
        assertThat(body.get("startsAt").asText()).isEqualTo("2026-11-26T04:30:00Z");
        assertThat(body.get("alerts")).hasSize(1);
        String expected = "sha256=" + WebhookChannel.sign("s3cret", r.body());
        assertThat(r.headers().get("X-vigil-signature")).containsExactly(expected);
        assertThat(r.headers().get("Idempotency-key")).containsExactly("ops|f1a2b3:firing");
    }

    @Test
    void webhookErrorsAndHangsAreRefusalsWithoutTheUrlsToken() {
        var channel = new WebhookChannel(new WebhookChannel.Config(URI.create(base() + "/hook?token=SECRET"), null,
                Map.of(), Duration.ofMillis(500)));
        status = 500;
        assertThat(retryReason(channel.send(firing()))).contains("HTTP 500").doesNotContain("SECRET");
        status = 200;
        delayMillis = 3000;
        assertThat(retryReason(channel.send(firing()))).contains("did not answer").doesNotContain("SECRET");
    }

    @Test
    void emailHasPlainAndHtmlPartsAndASubjectWithStateAndHost() throws Exception {
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), false, false, "vigil", dev.vigil.core.config.Secret.of("smtp secret"),
                "vigil@example.com", Duration.ofSeconds(5));
        var channel = new EmailChannel(new EmailChannel.Config(
                List.of(new jakarta.mail.internet.InternetAddress("ops@example.com")), smtp));
        channel.send(firing());
        MimeMessage[] got = mail.getReceivedMessages();
        assertThat(got).hasSize(1);
        assertThat(got[0].getSubject()).isEqualTo("[FIRING:1] CRITICAL web on shop is CRITICAL");
        MimeMultipart parts = (MimeMultipart) got[0].getContent();
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
        assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("HTTP CRITICAL - HTTP/1.1 502");
    }

    @Test
    void emailOverImplicitTls() throws Exception {
        // GreenMail offers TLS as SMTPS (port 465 style), not STARTTLS; the password then only travels encrypted.
        SmtpSettings smtp = new SmtpSettings("127.0.0.1", mail.getSmtps().getPort(), false, true, "vigil", dev.vigil.core.config.Secret.of("smtp secret"),
                "vigil@example.com", Duration.ofSeconds(5));
        var channel = new EmailChannel(new EmailChannel.Config(
                List.of(new jakarta.mail.internet.InternetAddress("ops@example.com")), smtp)).trusting("127.0.0.1");
        channel.send(firing());
        assertThat(mail.getReceivedMessages()).hasSize(1);
    }

    @Test
    void unreachableOrRefusingSmtpIsAClearRefusal() throws Exception {
        int closed;
        try (var s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        var nowhere = new EmailChannel(new EmailChannel.Config(List.of(new jakarta.mail.internet.InternetAddress("ops@example.com")),
                new SmtpSettings("127.0.0.1", closed, false, false, null, null, "vigil@example.com", Duration.ofSeconds(2))));
        assertThat(retryReason(nowhere.send(firing()))).contains("SMTP 127.0.0.1");
        var requireTls = new EmailChannel(new EmailChannel.Config(List.of(new jakarta.mail.internet.InternetAddress("ops@example.com")),
                new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), true, false, "vigil", dev.vigil.core.config.Secret.of("smtp secret"),
                        "vigil@example.com", Duration.ofSeconds(2))));
        // GreenMail's plain SMTP does not offer STARTTLS: with starttls required, the password is never sent in clear.
        assertThat(retryReason(requireTls.send(firing()))).doesNotContain("smtp secret");
    }

    @Test
    void pagerDutyTriggersWithTheFingerprintAsDedupKey() throws Exception {
        new PagerDutyChannel(new PagerDutyChannel.Config(dev.vigil.core.config.Secret.of("R0UTING"), URI.create(base() + "/v2/enqueue"))).send(firing());
        JsonNode body = new ObjectMapper().readTree(received.get(0).body());
        assertThat(body.get("event_action").asText()).isEqualTo("trigger");
        assertThat(body.get("dedup_key").asText()).isEqualTo("f1a2b3");
        assertThat(body.get("payload").get("severity").asText()).isEqualTo("critical");
        assertThat(body.get("routing_key").asText()).isEqualTo("R0UTING");
    }

    @Test
    void slackAndMattermostGetTheMessageAsText() throws Exception {
        new dev.vigil.notify.channel.chat.ChatChannel(new dev.vigil.notify.channel.chat.ChatChannel.Config("mattermost",
                URI.create(base() + "/hooks/abc"), "ops", "Vigil")).send(firing());
        JsonNode body = new ObjectMapper().readTree(received.get(0).body());
        assertThat(body.get("text").asText()).startsWith("[FIRING:1] CRITICAL web on shop is CRITICAL");
        assertThat(body.get("channel").asText()).isEqualTo("ops");
    }

    @Test
    void ntfyUsesUrgentPriorityForCritical() throws Exception {
        new NtfyChannel(new NtfyChannel.Config(URI.create(base() + "/ops-alerts"), null)).send(firing());
        Received r = received.get(0);
        assertThat(r.path()).isEqualTo("/ops-alerts");
        assertThat(r.headers().get("Priority")).containsExactly("5");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("web on shop is CRITICAL");
    }

    @Test
    void commandGetsTheAlertInItsEnvironmentAndJsonOnStdinWithoutAShell() throws Exception {
        Path out = tmp.resolve("out.txt");
        Path script = tmp.resolve("notify.sh");
        Files.writeString(script, "#!/bin/sh\nprintf '%s|%s|' \"$VIGIL_STATUS\" \"$VIGIL_HOST\" > \"$1\"\ncat >> \"$1\"\n");
        script.toFile().setExecutable(true);
        new CommandChannel(new CommandChannel.Config(List.of(script.toString(), out.toString()), Duration.ofSeconds(5)))
                .send(firing());
        assertThat(Files.readString(out)).startsWith("firing|shop|{").contains("\"fingerprint\":\"f1a2b3\"");
        Files.writeString(script, "#!/bin/sh\nexit 3\n");
        assertThat(retryReason(new CommandChannel(new CommandChannel.Config(List.of(script.toString()), Duration.ofSeconds(5)))
                .send(firing()))).contains("exited with 3");
    }

    @Test
    void badChannelConfigIsReportedWithItsLine() {
        ConfigErrors errors = new ConfigErrors();
        var s = new Section((ConfigNode.Mapping) ConfigNode.fromValue(Map.of("url", "ftp://x"), new Location("vigil.yml", 12)), errors);
        assertThatThrownBy(() -> WebhookChannel.Config.read(s, Map.of())).hasMessageContaining("http://");
    }

    @Test
    void aSecretReadFromTheConfigNeverPrintsItsValue() {
        var config = new WebhookChannel.Config(URI.create("http://127.0.0.1/hook"), dev.vigil.core.config.Secret.resolve("env:HOOK",
                Map.of("HOOK", "s3cret-value")), Map.of(), Duration.ofSeconds(1));
        assertThat(config.toString()).contains("<secret>").doesNotContain("s3cret-value");
        assertThat(config.secret().reveal()).isEqualTo("s3cret-value");
        var smtp = new SmtpSettings("mail", 587, true, false, "vigil", dev.vigil.core.config.Secret.of("hunter2"), "v@x", Duration.ofSeconds(5));
        assertThat(smtp.toString()).doesNotContain("hunter2");
    }
}
