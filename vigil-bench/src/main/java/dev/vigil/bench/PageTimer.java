package dev.vigil.bench;

import dev.vigil.core.access.Users;
import dev.vigil.server.Vigil;
import dev.vigil.server.http.HttpServer;
import dev.vigil.server.web.Pages;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dashboard page's server time: Vigil's HTTP server on loopback, an admin signed in through the real form, the
 * page requested after a warm-up, from request to the last byte of the response.
 */
final class PageTimer implements AutoCloseable {
    private final HttpServer http;
    private final HttpClient client;
    private final String base;

    PageTimer(Vigil vigil) throws Exception {
        vigil.users().add("bench", Users.Role.ADMIN, "bench password".toCharArray());
        http = new HttpServer(vigil, null, new Pages(vigil, false));
        base = "http://127.0.0.1:" + http.start("127.0.0.1", 0);
        client = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String loginPage = client.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(loginPage);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the sign-in page");
        }
        String form = "username=bench&password=" + URLEncoder.encode("bench password", StandardCharsets.UTF_8) + "&csrf=" + m.group(1)
                + "&next=%2F";
        client.send(HttpRequest.newBuilder(URI.create(base + "/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding());
    }

    String base() {
        return base;
    }

    /** Requests {@code path} one after another until {@code until} (nanoTime), {@code pauseMs} apart; the times, sorted. */
    double[] sample(String path, long until, long pauseMs) throws Exception {
        HttpRequest page = HttpRequest.newBuilder(URI.create(base + path)).build();
        java.util.List<Double> ms = new java.util.ArrayList<>();
        while (System.nanoTime() < until) {
            long start = System.nanoTime();
            HttpResponse<String> r = client.send(page, HttpResponse.BodyHandlers.ofString());
            ms.add((System.nanoTime() - start) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException(path + " answered " + r.statusCode());
            }
            Thread.sleep(pauseMs);
        }
        return ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /** Requests {@code path} {@code requests} times after 20 warm-up requests; prints the median, p95 and max. */
    void time(String name, String path, int requests) throws Exception {
        HttpRequest page = HttpRequest.newBuilder(URI.create(base + path)).build();
        int bytes = 0;
        for (int i = 0; i < 20; i++) { // warm-up: JIT and caches
            bytes = client.send(page, HttpResponse.BodyHandlers.ofString()).body().length();
        }
        double[] ms = new double[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = client.send(page, HttpResponse.BodyHandlers.ofString());
            ms[i] = (System.nanoTime() - start) / 1e6;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(name + " answered " + r.statusCode());
            }
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%s (%d KiB): median %.1f ms, p95 %.1f ms, max %.1f ms over %d requests%n",
                name, bytes / 1024, ms[requests / 2], ms[(int) (requests * 0.95)], ms[requests - 1], requests);
    }

    @Override
    public void close() {
        http.close();
    }
}
