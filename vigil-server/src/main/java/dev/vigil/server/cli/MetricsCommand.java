package dev.vigil.server.cli;

import dev.vigil.metrics.collect.munin.MuninHistory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil metrics import munin DIR}: a Munin installation's history into a running Vigil. */
@Command(name = "metrics", mixinStandardHelpOptions = true, description = "Metric history.",
        subcommands = {MetricsCommand.Import.class})
public final class MetricsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import another tool's history.",
            subcommands = {Munin.class})
    static final class Import implements Runnable {
        @Override
        public void run() {
            new picocli.CommandLine(this).usage(System.out);
        }
    }

    /**
     * Reads every Munin RRD file under DIR through {@code rrdtool dump} and sends its points, with their own times,
     * to the running server's InfluxDB write endpoint (so the server's own store takes them, as any backfill): the
     * series are {@code munin.GRAPH.FIELD} on each host, the names the Munin collector gives, so the graphs go on
     * where the history stops.
     */
    @Command(name = "munin", mixinStandardHelpOptions = true,
            description = "Import a Munin installation's RRD files (e.g. /var/lib/munin) into a running Vigil.")
    static final class Munin implements Callable<Integer> {
        private static final int LINES_PER_REQUEST = 5000;

        @Parameters(index = "0", description = "Munin's data directory (its DOMAIN/HOST-GRAPH-FIELD-TYPE.rrd files)")
        Path dir;

        @Option(names = "--server", description = "The Vigil server (default: ${DEFAULT-VALUE})", defaultValue = "http://127.0.0.1:8080")
        URI server;

        @Option(names = "--token", description = "An API token with scope submit (default: $VIGIL_TOKEN)")
        String token;

        @Option(names = "--rrdtool", description = "The rrdtool program (default: ${DEFAULT-VALUE})", defaultValue = "rrdtool")
        String rrdtool;

        @Override
        public Integer call() throws Exception {
            String t = token != null ? token : System.getenv("VIGIL_TOKEN");
            if (t == null || t.isBlank()) {
                System.err.println("vigil: a token with scope submit is needed: --token or VIGIL_TOKEN (vigil token create --scope submit)");
                return 2;
            }
            if (!Files.isDirectory(dir)) {
                System.err.println("vigil: " + dir + " is not a directory");
                return 2;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(dir)) {
                files = s.filter(p -> p.toString().endsWith(".rrd") && Files.isRegularFile(p)).sorted().toList();
            }
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            int series = 0;
            long points = 0;
            List<String> skipped = new ArrayList<>();
            for (Path file : files) {
                var name = MuninHistory.parseName(file);
                if (name.isEmpty()) {
                    skipped.add(file.getFileName() + " (not named HOST-GRAPH-FIELD-TYPE.rrd)");
                    continue;
                }
                MuninHistory.Series s;
                try {
                    s = dump(file, name.get());
                } catch (IOException e) {
                    skipped.add(file.getFileName() + " (" + e.getMessage() + ")");
                    continue;
                }
                String refused = send(client, t, s);
                if (refused != null) {
                    System.err.println("vigil: " + file.getFileName() + ": " + refused);
                    return 1;
                }
                series++;
                points += s.points().size();
            }
            System.out.println("imported " + series + " series (" + points + " points) from " + dir + " into " + server);
            skipped.forEach(x -> System.out.println("skipped " + x));
            return 0;
        }

        /** {@code rrdtool dump FILE}, its arguments as a list (never through a shell). */
        private MuninHistory.Series dump(Path file, String[] name) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(List.of(rrdtool, "dump", file.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            MuninHistory.Series s;
            try (var out = p.getInputStream()) {
                s = MuninHistory.read(name[0], name[1], name[2], out);
            } finally {
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            if (p.exitValue() != 0) {
                throw new IOException("rrdtool dump failed (exit " + p.exitValue() + ")");
            }
            return s;
        }

        /** The points as InfluxDB lines with their times, in requests of a few thousand; null when all were taken. */
        private String send(HttpClient client, String t, MuninHistory.Series s) throws IOException, InterruptedException {
            String prefix = escape("munin." + s.graph(), ", ") + ",host=" + escape(s.host(), ",= ") + " " + escape(s.field(), ",= ") + "=";
            StringBuilder lines = new StringBuilder();
            int n = 0;
            for (MuninHistory.Point pt : s.points()) {
                lines.append(prefix).append(pt.value()).append(' ').append(pt.epochSecond()).append('\n');
                if (++n == LINES_PER_REQUEST) {
                    String refused = post(client, t, lines.toString());
                    if (refused != null) {
                        return refused;
                    }
                    lines.setLength(0);
                    n = 0;
                }
            }
            return n == 0 ? null : post(client, t, lines.toString());
        }

        private String post(HttpClient client, String t, String body) throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.resolve("/api/v2/write?precision=s"))
                    .header("Authorization", "Bearer " + t).header("Content-Type", "text/plain; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 204 ? null : "the server answered " + r.statusCode() + ": " + r.body();
        }

        private static String escape(String s, String special) {
            StringBuilder b = new StringBuilder();
            for (char c : s.toCharArray()) {
                if (special.indexOf(c) >= 0 || c == '\\') {
                    b.append('\\');
                }
                b.append(c);
            }
            return b.toString();
        }
    }
}
