package dev.vigil.server.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's world at the boundary, on loopback: the shop's web site (which the demo's http check watches, and
 * whose error page prints the database password once the database is gone), the paste site the dump appears on
 * (Pastebin's scraping API: the paste list as JSON, each paste raw), and a webhook receiver that counts the
 * notifications Vigil sends.
 */
final class ShopSite implements AutoCloseable {
    /** The shop's database password: the 503 page prints it; the demo never writes it anywhere else. */
    static final String DB_PASSWORD = "Sh0p-db-2026!kestrel";
    /** The shop admin's password hash, as the dump holds it; its SHA-256 is on the watch list. */
    static final String ADMIN_HASH = "$2y$10$e0MYzXyjpJS7Pd0RVvHwHe1HlCAf5sXn0Qe3wHvbKp3xYv5m8Hh2u";
    static final String DOMAIN = "shop.example";

    private record Paste(String key, long date, String title, String body) {}

    private final HttpServer server;
    private final java.util.concurrent.ExecutorService threads =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name("demo-site").daemon().factory());
    private volatile boolean databaseDown;
    private final List<Paste> pastes = new CopyOnWriteArrayList<>();
    private final AtomicInteger notifications = new AtomicInteger();

    ShopSite() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::shop);
        server.createContext("/api_scraping.php", this::pasteList);
        server.createContext("/api_scrape_item.php", this::paste);
        server.createContext("/hooks", this::hook);
        server.setExecutor(threads);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The database is gone (the disk filled): the shop answers 503 with its framework's debug page. */
    void databaseDown(boolean down) {
        this.databaseDown = down;
    }

    /** A paste appears on the paste site. */
    void paste(String key, long epochSecond, String title, String body) {
        pastes.add(new Paste(key, epochSecond, title, body));
    }

    /** Notifications Vigil sent to the webhook. */
    int notifications() {
        return notifications.get();
    }

    private void shop(HttpExchange x) throws IOException {
        if (!databaseDown) {
            send(x, 200, "text/html", "<!doctype html><title>Kestrel Shop</title><h1>Kestrel Shop</h1><p>Bird feeders and more.</p>");
            return;
        }
        // What a PHP framework's debug page prints when the database refuses: the connection string with its password.
        send(x, 503, "text/html", "<!doctype html><title>503 Service Unavailable</title><h1>Service Unavailable</h1>\n"
                + "<pre>PDOException: SQLSTATE[08006] could not connect to server: the database system is in recovery mode\n"
                + "#0 /srv/shop/vendor/db/Connection.php(112): connect()\n"
                + "Environment:\n"
                + "  APP_ENV=production\n"
                + "  DB_HOST=db1\n"
                + "  DB_USERNAME=shop\n"
                + "  DB_PASSWORD=" + DB_PASSWORD + "\n"
                + "  DATABASE_URL=postgres://shop:" + DB_PASSWORD + "@db1:5432/shop\n</pre>");
    }

    private void pasteList(HttpExchange x) throws IOException {
        StringBuilder json = new StringBuilder("[");
        List<Paste> newestFirst = pastes.reversed();
        for (Paste p : newestFirst) {
            json.append(json.length() > 1 ? "," : "").append("{\"scrape_url\":\"").append(url()).append("/api_scrape_item.php?i=")
                    .append(p.key()).append("\",\"full_url\":\"").append(url()).append('/').append(p.key()).append("\",\"date\":\"")
                    .append(p.date()).append("\",\"key\":\"").append(p.key()).append("\",\"size\":\"").append(p.body().length())
                    .append("\",\"expire\":\"0\",\"title\":\"").append(p.title()).append("\",\"syntax\":\"sql\",\"user\":\"\",\"hits\":\"3\"}");
        }
        send(x, 200, "application/json", json.append(']').toString());
    }

    private void paste(HttpExchange x) throws IOException {
        String query = x.getRequestURI().getQuery();
        String key = query != null && query.startsWith("i=") ? query.substring(2) : "";
        for (Paste p : pastes) {
            if (p.key().equals(key)) {
                send(x, 200, "text/plain", p.body());
                return;
            }
        }
        send(x, 200, "text/plain", "Error, we cannot find this paste.");
    }

    private void hook(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        if (x.getRequestMethod().equals("POST")) {
            notifications.incrementAndGet();
        }
        send(x, 200, "text/plain", "ok");
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (var out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
