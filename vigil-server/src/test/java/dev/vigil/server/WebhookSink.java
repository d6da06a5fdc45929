package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local webhook receiver that keeps every body posted to it, and the config that routes every alert to it. */
public final class WebhookSink implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final com.sun.net.httpserver.HttpServer server;
    /** Every body, as posted. */
    public final List<String> bodies = new CopyOnWriteArrayList<>();

    public WebhookSink() throws IOException {
        server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    /** The receiver {@code ops-hook} and one route to it, with {@code routeOptions} (e.g. {@code "group_wait: 0s"}) below it. */
    public String config(String... routeOptions) {
        StringBuilder yaml = new StringBuilder("""
                receivers:
                  - name: ops-hook
                    webhook:
                      url: http://127.0.0.1:%d/hook
                routes:
                  - receiver: ops-hook
                """.formatted(server.getAddress().getPort()));
        for (String option : routeOptions) {
            yaml.append("    ").append(option).append('\n');
        }
        return yaml.toString();
    }

    /** Every body as JSON. */
    public List<JsonNode> posts() {
        return bodies.stream().map(b -> {
            try {
                return JSON.readTree(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
