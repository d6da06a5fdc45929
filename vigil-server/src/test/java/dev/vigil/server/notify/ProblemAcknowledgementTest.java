package dev.vigil.server.notify;

import dev.vigil.core.event.EventKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.event.Severity;
import dev.vigil.server.RunningVigil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acknowledging a problem of the logs (or integrity, audit, metrics) stops its escalation, as acknowledging a
 * check's does: the escalation receiver hears of the unacknowledged problem only.
 */
class ProblemAcknowledgementTest {
    @TempDir
    Path dir;

    private com.sun.net.httpserver.HttpServer hook;
    private final List<String> ops = new CopyOnWriteArrayList<>();
    private final List<String> boss = new CopyOnWriteArrayList<>();
    private RunningVigil vigil;

    @BeforeEach
    void start() throws Exception {
        hook = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        for (var path : List.of("/ops", "/boss")) {
            hook.createContext(path, ex -> {
                JsonNode post = new ObjectMapper().readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                (path.equals("/ops") ? ops : boss).add(post.get("title").asText());
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
        }
        hook.start();
        int port = hook.getAddress().getPort();
        vigil = new RunningVigil(dir, """
                receivers:
                  - {name: ops, webhook: {url: "http://127.0.0.1:%d/ops"}}
                  - {name: boss, webhook: {url: "http://127.0.0.1:%d/boss"}}
                routes:
                  - receiver: ops
                    match: {source: logs}
                    group_wait: 0s
                    escalate: [{after: 4s, receiver: boss}]
                """.formatted(port, port));
    }

    @AfterEach
    void stop() {
        vigil.close();
        hook.stop(0);
    }

    @Test
    void anAcknowledgedLogProblemIsNotEscalatedAndAnUnacknowledgedOneIs() throws Exception {
        Instant now = Instant.now();
        String brute = Event.fingerprint("logs", "web7", "5720", "192.0.2.7");
        String other = Event.fingerprint("logs", "web8", "5720", "192.0.2.8");
        vigil.vigil.events().append(List.of(
                new Event(now, "web7", "logs", EventKind.PROBLEM, Severity.CRITICAL, "SSH brute force from 192.0.2.7 on web7", "", brute,
                        List.of(), null),
                new Event(now, "web8", "logs", EventKind.PROBLEM, Severity.CRITICAL, "SSH brute force from 192.0.2.8 on web8", "", other,
                        List.of(), null)));
        await().atMost(Duration.ofSeconds(10)).until(() -> ops.size() == 2);

        String token = vigil.vigil.tokens().create("alice", dev.vigil.core.access.Tokens.Scope.WRITE, null).secret();
        HttpResponse<String> ack = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v1/acknowledgements"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"fingerprint\": \"" + brute + "\", \"comment\": \"blocked\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ack.statusCode()).as(ack.body()).isEqualTo(201);
        assertThat(vigil.vigil.events().newest("web7", now.minusSeconds(1), 10)).extracting(e -> e.event().kind().id())
                .contains("acknowledged");

        await().atMost(Duration.ofSeconds(15)).until(() -> !boss.isEmpty());
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> boss.size() == 1);
        assertThat(boss).hasSize(1).allSatisfy(t -> assertThat(t).contains("192.0.2.8"));
    }
}
