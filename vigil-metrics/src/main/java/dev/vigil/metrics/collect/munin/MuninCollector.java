package dev.vigil.metrics.collect.munin;

import dev.vigil.metrics.Collector;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Polls a munin-node over its text protocol (port 4949): {@code cap multigraph}, {@code list},
 * {@code config} and {@code fetch} per plugin, so every existing Munin plugin works unchanged, with its
 * graph title, vertical label, field types (GAUGE as is; DERIVE, COUNTER and ABSOLUTE as per-second rates)
 * and warning/critical values. A node that stalls or talks garbage fails this poll with a reason; limits on
 * line length, plugins and fields keep a hostile node from exhausting memory.
 */
public final class MuninCollector implements Collector {
    static final int MAX_LINE = 4096;
    static final int MAX_PLUGINS = 500;
    static final int MAX_FIELDS = 5000;

    private final String host;
    private final String address;
    private final int port;
    private final Duration timeout;
    private final Map<String, double[]> previous = new HashMap<>();

    public MuninCollector(String host, String address, int port, Duration timeout) {
        this.host = host;
        this.address = address;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public String host() {
        return host;
    }

    /** What {@code config} said about one field. */
    record Field(String graph, String name, String label, String type, String vlabel, double warning, double critical) {}

    @Override
    public List<Reading> collect(Instant now) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8);
            String banner = line(in);
            if (banner == null || !banner.startsWith("# munin node at")) {
                throw new IOException("not a munin-node (unexpected greeting)");
            }
            send(out, "cap multigraph");
            line(in); // "cap multigraph" when supported; either way plain plugins still work
            send(out, "list");
            String list = line(in);
            if (list == null) {
                throw new IOException("munin-node closed the connection");
            }
            String[] plugins = list.isBlank() ? new String[0] : list.trim().split("\\s+");
            if (plugins.length > MAX_PLUGINS) {
                throw new IOException("munin-node lists more than " + MAX_PLUGINS + " plugins");
            }
            List<Reading> readings = new ArrayList<>();
            double t = now.toEpochMilli() / 1000.0;
            for (String plugin : plugins) {
                send(out, "config " + plugin);
                Map<String, Field> fields = parseConfig(plugin, block(in));
                send(out, "fetch " + plugin);
                Map<String, Double> values = parseFetch(plugin, block(in));
                for (Map.Entry<String, Double> v : values.entrySet()) {
                    Field f = fields.get(v.getKey());
                    if (f == null || v.getValue().isNaN()) {
                        continue;
                    }
                    SeriesKey key;
                    try {
                        key = new SeriesKey(host, "munin." + f.graph() + "." + f.name());
                    } catch (IllegalArgumentException e) {
                        continue;
                    }
                    double value = v.getValue();
                    String unit = f.vlabel() == null ? "" : f.vlabel();
                    if (!f.type().equals("GAUGE")) {
                        double[] prev = previous.put(key.name(), new double[] {t, value});
                        if (prev == null || t <= prev[0]) {
                            continue;
                        }
                        if (f.type().equals("ABSOLUTE")) {
                            value = value / (t - prev[0]);
                        } else {
                            if (value < prev[1] && f.type().equals("COUNTER")) {
                                continue; // wrapped or reset
                            }
                            value = (value - prev[1]) / (t - prev[0]);
                            if (value < 0) {
                                continue; // a DERIVE reset
                            }
                        }
                    }
                    readings.add(new Reading(new SeriesInfo(key, unit, f.warning(), f.critical(), Double.NaN, false, "munin"), value));
                }
            }
            send(out, "quit");
            return readings;
        }
    }

    private static void send(Writer out, String command) throws IOException {
        out.write(command + "\n");
        out.flush();
    }

    private static String line(BufferedReader in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (b.length() >= MAX_LINE) {
                throw new IOException("munin-node sent a line longer than " + MAX_LINE + " characters");
            }
            b.append((char) c);
        }
        return c < 0 && b.isEmpty() ? null : b.toString();
    }

    /** A multi-line answer ending with a line holding a single dot. */
    private static List<String> block(BufferedReader in) throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = line(in)) != null && !l.equals(".")) {
            if (lines.size() >= MAX_FIELDS * 8) {
                throw new IOException("munin-node answer too long");
            }
            lines.add(l);
        }
        if (l == null) {
            throw new IOException("munin-node closed the connection mid-answer");
        }
        return lines;
    }

    /** One "key value" line of an answer, with the graph it belongs to (multigraph sections switch it). */
    record KeyValue(String graph, String key, String value) {}

    /** Splits an answer into key/value lines, following {@code multigraph NAME} lines and skipping comments. */
    static List<KeyValue> keyValues(String plugin, List<String> lines) {
        List<KeyValue> out = new ArrayList<>();
        String graph = plugin;
        for (String l : lines) {
            if (l.startsWith("multigraph ")) {
                graph = l.substring(11).trim();
                continue;
            }
            int sp = l.indexOf(' ');
            if (sp < 0 || l.startsWith("#")) {
                continue;
            }
            out.add(new KeyValue(graph, l.substring(0, sp), l.substring(sp + 1).trim()));
        }
        return out;
    }

    static Map<String, Field> parseConfig(String plugin, List<String> lines) {
        Map<String, Map<String, String>> attrs = new LinkedHashMap<>();
        Map<String, String> graphVlabel = new HashMap<>();
        for (KeyValue kv : keyValues(plugin, lines)) {
            String graph = kv.graph();
            String k = kv.key();
            String v = kv.value();
            if (k.equals("graph_vlabel")) {
                graphVlabel.put(graph, v.replace("${graph_period}", "s"));
                continue;
            }
            int dot = k.indexOf('.');
            if (dot < 0 || k.startsWith("graph_")) {
                continue;
            }
            attrs.computeIfAbsent(graph + "\u0000" + k.substring(0, dot), x -> new HashMap<>()).put(k.substring(dot + 1), v);
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        attrs.forEach((gk, a) -> {
            String[] parts = gk.split("\u0000");
            fields.put(parts[0] + "\u0000" + parts[1], new Field(parts[0], parts[1], a.getOrDefault("label", parts[1]),
                    a.getOrDefault("type", "GAUGE").toUpperCase(Locale.ROOT), graphVlabel.get(parts[0]),
                    upper(a.get("warning")), upper(a.get("critical"))));
        });
        return fields;
    }

    /** Munin thresholds are {@code max} or {@code min:max}; the line drawn is the upper end. */
    private static double upper(String range) {
        if (range == null || range.isBlank()) {
            return Double.NaN;
        }
        String r = range.contains(":") ? range.substring(range.indexOf(':') + 1) : range;
        try {
            return r.isBlank() ? Double.NaN : Double.parseDouble(r);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    static Map<String, Double> parseFetch(String plugin, List<String> lines) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (KeyValue kv : keyValues(plugin, lines)) {
            if (!kv.key().endsWith(".value")) {
                continue;
            }
            String graph = kv.graph();
            String field = kv.key().substring(0, kv.key().length() - ".value".length());
            String v = kv.value();
            int colon = v.indexOf(':'); // "timestamp:value" form
            if (colon > 0) {
                v = v.substring(colon + 1);
            }
            try {
                values.put(graph + "\u0000" + field, v.equals("U") ? Double.NaN : Double.parseDouble(v));
            } catch (NumberFormatException e) {
                // garbage value: skipped, the other fields still count
            }
        }
        return values;
    }
}
