package dev.vigil.checks.http;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.Fetched;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.Range;
import dev.vigil.checks.ServiceState;
import dev.vigil.checks.Thresholds;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import dev.vigil.core.text.BoundedRegex;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Fetches a URL and judges status, content, headers, speed and the TLS certificate, like Nagios'
 * {@code check_http}: without an explicit {@code expect_status}, 2xx/3xx are OK, 4xx WARNING, 5xx CRITICAL.
 */
public final class HttpCheck implements Check {

    public record Config(
            URI url,
            String method,
            String body,
            Map<String, String> headers,
            Set<Integer> expectStatus,
            String contains,
            String notContains,
            BoundedRegex regex,
            Map<String, String> expectHeaders,
            boolean followRedirects,
            Thresholds time,
            int certWarningDays,
            int certCriticalDays,
            boolean tlsVerify,
            Path clientCert,
            String clientCertPassword,
            int maxBody) {

        public Config {
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new IllegalArgumentException("url must start with http:// or https://");
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException("url has no host");
            }
            headers = Map.copyOf(headers);
            expectStatus = Set.copyOf(expectStatus);
            expectHeaders = Map.copyOf(expectHeaders);
        }

        public static Config read(Section s) {
            URI url = URI.create("http://invalid/");
            String text = s.required("url", "an http:// or https:// URL");
            if (!text.isEmpty()) {
                try {
                    url = new URI(text);
                } catch (URISyntaxException e) {
                    s.error("url", "'url' is not a valid URL: " + e.getReason());
                }
            }
            List<Integer> codes = new ArrayList<>();
            for (String c : s.strings("expect_status")) {
                try {
                    int code = Integer.parseInt(c.trim());
                    if (code < 100 || code > 599) {
                        throw new NumberFormatException();
                    }
                    codes.add(code);
                } catch (NumberFormatException e) {
                    s.error("expect_status", "'expect_status' must list HTTP status codes (100-599), found '" + c + "'");
                }
            }
            BoundedRegex regex = null;
            if (s.has("regex")) {
                try {
                    regex = BoundedRegex.compile(s.string("regex", ""), Duration.ofMillis(200));
                } catch (IllegalArgumentException e) {
                    s.error("regex", "'regex': " + e.getMessage());
                }
            }
            Thresholds time = Thresholds.NONE;
            Duration warn = s.duration("warning_time").orElse(null);
            Duration crit = s.duration("critical_time").orElse(null);
            time = new Thresholds(warn == null ? null : Range.parse(seconds(warn)),
                    crit == null ? null : Range.parse(seconds(crit)));
            String cert = s.string("client_cert").orElse(null);
            try {
                return new Config(url, s.string("method", "GET").toUpperCase(Locale.ROOT), s.string("body", null),
                        s.stringMap("headers"), Set.copyOf(codes), s.string("contains", null),
                        s.string("not_contains", null), regex, s.stringMap("expect_headers"),
                        s.bool("follow_redirects", false), time,
                        s.integer("cert_days_warning", 0, 0, 3650), s.integer("cert_days_critical", 0, 0, 3650),
                        s.bool("tls_verify", true), cert == null ? null : Path.of(cert),
                        s.string("client_cert_password", ""), s.integer("max_body", 1 << 20, 1024, 64 << 20));
            } catch (IllegalArgumentException e) {
                s.error("url", "'url': " + e.getMessage());
                return null;
            }
        }

        private static String seconds(Duration d) {
            return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e9);
        }
    }

    private final Config config;
    private final InstantSource clock;
    private final HttpClient client;

    public HttpCheck(Config config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
        this.client = HttpClients.shared(new HttpClients.Key(config.followRedirects(), config.tlsVerify(),
                config.clientCert(), config.clientCertPassword()));
    }

    @Override
    public CheckResult run(Duration timeout) throws InterruptedException {
        return run(timeout, f -> {});
    }

    @Override
    public CheckResult run(Duration timeout, Consumer<Fetched> fetched) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(config.url()).timeout(timeout)
                .header("User-Agent", "Vigil-check_http");
        config.headers().forEach(request::header);
        request.method(config.method(), config.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(config.body()));
        long start = System.nanoTime();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(config.maxBody());
            }
        } catch (HttpTimeoutException e) {
            return fail("timed out after " + Durations.format(timeout));
        } catch (ConnectException e) {
            return fail("connection refused or unreachable: " + config.url().getHost() + portSuffix());
        } catch (SSLHandshakeException e) {
            return fail("TLS handshake failed: " + e.getMessage());
        } catch (IOException e) {
            return fail("request failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (IllegalArgumentException e) {
            return new CheckResult(ServiceState.UNKNOWN, "HTTP UNKNOWN - invalid request: " + e.getMessage(), "", List.of());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CheckResult result = judge(response, body, seconds);
        fetched.accept(new Fetched(config.url(), response.statusCode(), new String(body, StandardCharsets.UTF_8)));
        return result;
    }

    private String portSuffix() {
        return config.url().getPort() > 0 ? ":" + config.url().getPort() : "";
    }

    private CheckResult fail(String message) {
        return CheckResult.line("HTTP", ServiceState.CRITICAL, message, List.of());
    }

    private CheckResult judge(HttpResponse<?> response, byte[] body, double seconds) {
        int code = response.statusCode();
        ServiceState state;
        List<String> problems = new ArrayList<>();
        if (!config.expectStatus().isEmpty()) {
            state = config.expectStatus().contains(code) ? ServiceState.OK : ServiceState.CRITICAL;
            if (state != ServiceState.OK) {
                problems.add("status " + code + " not in " + config.expectStatus());
            }
        } else {
            state = code < 400 ? ServiceState.OK : code < 500 ? ServiceState.WARNING : ServiceState.CRITICAL;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        if (config.contains() != null && !text.contains(config.contains())) {
            state = ServiceState.worst(state, ServiceState.CRITICAL);
            problems.add("string '" + config.contains() + "' not found");
        }
        if (config.notContains() != null && text.contains(config.notContains())) {
            state = ServiceState.worst(state, ServiceState.CRITICAL);
            problems.add("forbidden string '" + config.notContains() + "' found");
        }
        if (config.regex() != null) {
            try {
                if (!config.regex().find(text)) {
                    state = ServiceState.worst(state, ServiceState.CRITICAL);
                    problems.add("pattern not found");
                }
            } catch (BoundedRegex.TooSlow e) {
                state = ServiceState.worst(state, ServiceState.UNKNOWN);
                problems.add(e.getMessage());
            }
        }
        config.expectHeaders().forEach((name, expected) -> {
            String actual = response.headers().firstValue(name).orElse(null);
            if (actual == null || !actual.contains(expected)) {
                problems.add("header " + name + (actual == null ? " missing" : " is '" + actual + "'"));
            }
        });
        if (problems.stream().anyMatch(p -> p.startsWith("header "))) {
            state = ServiceState.worst(state, ServiceState.CRITICAL);
        }
        ServiceState timeState = config.time().evaluate(seconds);
        if (timeState != ServiceState.OK) {
            problems.add(String.format(Locale.ROOT, "response time %.3f s", seconds));
            state = ServiceState.worst(state, timeState);
        }
        String certNote = "";
        if (config.url().getScheme().equalsIgnoreCase("https")
                && (config.certWarningDays() > 0 || config.certCriticalDays() > 0)) {
            var session = response.sslSession();
            if (session.isPresent()) {
                try {
                    var certs = session.get().getPeerCertificates();
                    if (certs.length > 0 && certs[0] instanceof X509Certificate x509) {
                        Instant notAfter = x509.getNotAfter().toInstant();
                        long days = Duration.between(clock.instant(), notAfter).toDays();
                        certNote = ", certificate expires in " + days + " days";
                        if (days < config.certCriticalDays()) {
                            state = ServiceState.worst(state, ServiceState.CRITICAL);
                            problems.add("certificate expires in " + days + " days (" + notAfter + ")");
                        } else if (days < config.certWarningDays()) {
                            state = ServiceState.worst(state, ServiceState.WARNING);
                            problems.add("certificate expires in " + days + " days (" + notAfter + ")");
                        }
                    }
                } catch (SSLPeerUnverifiedException e) {
                    state = ServiceState.worst(state, ServiceState.UNKNOWN);
                    problems.add("peer certificate not available");
                }
            }
        }
        String statusText = "HTTP/" + (response.version() == HttpClient.Version.HTTP_2 ? "2" : "1.1") + " " + code;
        String message = (problems.isEmpty() ? "" : String.join(", ", problems) + " - ")
                + statusText + " - " + body.length + " bytes in "
                + String.format(Locale.ROOT, "%.3f", seconds) + " second response time" + certNote;
        List<PerfValue> perf = List.of(
                new PerfValue("time", seconds, "s", config.time().warnText(), config.time().critText(), 0.0, null),
                new PerfValue("size", (double) body.length, "B", "", "", 0.0, null));
        return CheckResult.line("HTTP", state, message, perf);
    }

    /** The URL it fetches (the site the exposure probe also looks at). */
    public URI url() {
        return config.url();
    }

    @Override
    public Optional<String> target() {
        return Optional.ofNullable(config.url().getHost());
    }
}
