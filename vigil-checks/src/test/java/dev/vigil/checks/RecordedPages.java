package dev.vigil.checks;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A web server on loopback answering with recorded documents from the test resources (a provider's status page,
 * its feed): {@code /NAME} is the resource {@code FOLDER/NAME}, anything else a 404 page.
 */
public final class RecordedPages implements AutoCloseable {
    private final HttpServer server;

    public RecordedPages(String folder, String contentType) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            byte[] body;
            int status = 200;
            try (InputStream in = RecordedPages.class.getResourceAsStream("/" + folder + ex.getRequestURI().getPath())) {
                if (in == null) {
                    body = "<html>Not found</html>".getBytes();
                    status = 404;
                } else {
                    body = in.readAllBytes();
                }
            }
            ex.getResponseHeaders().add("Content-Type", status == 200 ? contentType : "text/html");
            ex.sendResponseHeaders(status, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
    }

    public URI url(String name) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
