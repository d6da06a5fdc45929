package dev.vigil.threats.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local stand-in for an internet service we cannot reach (a paste site, a code host, crt.sh), answering in
 * the service's own formats: each path (with its query) maps to a handler the test sets and changes.
 */
public final class FakeService implements AutoCloseable {

    /** One answer. */
    public record Answer(int status, Map<String, String> headers, String body) {
        public static Answer ok(String body) {
            return new Answer(200, Map.of(), body);
        }

        public static Answer of(int status, String body) {
            return new Answer(status, Map.of(), body);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<HttpExchange, Answer>> routes = new ConcurrentHashMap<>();
    /** Every request's path and query, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** Every request's headers, in order. */
    public final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();

    public FakeService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String pq = ex.getRequestURI().getRawPath() + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            requests.add(pq);
            headers.add(Map.copyOf(ex.getRequestHeaders()));
            Function<HttpExchange, Answer> route = routes.get(pq);
            if (route == null) {
                route = routes.get(ex.getRequestURI().getRawPath());
            }
            Answer a = route == null ? Answer.of(404, "not found") : route.apply(ex);
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            ex.sendResponseHeaders(a.status(), a.status() == 304 ? -1 : body.length);
            if (a.status() != 304) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code pathAndQuery} (exact, or the path alone) with what {@code answer} returns. */
    public FakeService on(String pathAndQuery, Function<HttpExchange, Answer> answer) {
        routes.put(pathAndQuery, answer);
        return this;
    }

    public FakeService on(String pathAndQuery, Answer answer) {
        return on(pathAndQuery, ex -> answer);
    }

    public long count(String prefix) {
        return requests.stream().filter(r -> r.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
