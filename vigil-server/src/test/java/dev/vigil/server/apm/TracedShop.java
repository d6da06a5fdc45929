package dev.vigil.server.apm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A small web application for the APM tests, run in its own JVM with OpenTelemetry's Java agent attached (no code
 * of ours traces it). As {@code shop} it serves {@code /checkout?mode=fast|slow|fail} by calling the payments
 * service; as {@code payments} it serves {@code /pay?mode=...} with a query on an embedded SQLite database, slowly
 * or failing when asked. Prints {@code listening PORT} when ready.
 *
 * <p>Usage: {@code TracedShop shop|payments [PAYMENTS_URL]}
 */
public final class TracedShop {
    private TracedShop() {}

    public static void main(String[] args) throws Exception {
        boolean shop = args[0].equals("shop");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpClient client = HttpClient.newHttpClient();
        Connection db = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (var s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)");
            s.executeUpdate("INSERT INTO orders (total) VALUES (12.5), (99.0)");
        }
        server.createContext(shop ? "/checkout" : "/pay", ex -> {
            String mode = ex.getRequestURI().getQuery() == null ? "fast" : ex.getRequestURI().getQuery().replace("mode=", "");
            try {
                if (shop) {
                    HttpResponse<String> paid = client.send(HttpRequest.newBuilder(URI.create(args[1] + "/pay?mode=" + mode)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (paid.statusCode() != 200) {
                        // Logged inside the request: OpenTelemetry's agent sends it with the request's trace id.
                        java.util.logging.Logger.getLogger("shop").warning("payment failed for a checkout: " + paid.body().strip());
                    }
                    reply(ex, paid.statusCode() == 200 ? 200 : 502, paid.statusCode() == 200 ? "paid\n" : "payment failed\n");
                } else {
                    int orders;
                    synchronized (db) {
                        try (var s = db.createStatement(); var r = s.executeQuery("SELECT count(*) FROM orders")) {
                            orders = r.next() ? r.getInt(1) : 0;
                        }
                    }
                    if (mode.equals("slow")) {
                        Thread.sleep(400);
                    }
                    reply(ex, mode.equals("fail") ? 500 : 200, mode.equals("fail") ? "card declined\n" : orders + " orders\n");
                }
            } catch (InterruptedException | SQLException e) {
                reply(ex, 500, "error\n");
            }
        });
        server.start();
        System.out.println("listening " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
