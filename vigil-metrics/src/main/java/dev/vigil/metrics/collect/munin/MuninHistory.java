package dev.vigil.metrics.collect.munin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A Munin installation's history: its RRD files ({@code DOMAIN/HOST-GRAPH-FIELD-TYPE.rrd}) read through
 * {@code rrdtool dump}, so a move to Vigil keeps the graphs' past. Each file becomes one series
 * ({@code munin.GRAPH.FIELD} on HOST, as the Munin collector names them), its points taken from the finest
 * AVERAGE archive that covers each time (five-minute points for the last two days, then half-hour, two-hour and
 * daily ones further back, as Munin keeps them), oldest first.
 */
public final class MuninHistory {
    /** Munin's file names: host (dashes allowed), graph, field, and the data source's type letter. */
    private static final Pattern FILE = Pattern.compile("(.+)-([^-]+)-([^-]+)-([gdca])\\.rrd");
    private static final Pattern ROW_TIME = Pattern.compile("/\\s*(\\d{9,11})\\s*$");

    private MuninHistory() {}

    /** One file's series: where its points go and the points, oldest first. */
    public record Series(String host, String graph, String field, List<Point> points) {
        public String name() {
            return "munin." + graph + "." + field;
        }
    }

    /** A value at a time (epoch seconds). */
    public record Point(long epochSecond, double value) {}

    /** The series a file name says, or empty for a file that is not one of Munin's. */
    public static Optional<String[]> parseName(Path file) {
        Matcher m = FILE.matcher(file.getFileName().toString());
        return m.matches() ? Optional.of(new String[] {m.group(1), m.group(2), m.group(3)}) : Optional.empty();
    }

    /**
     * Reads one RRD file as {@code rrdtool dump} prints it (XML). DTDs and external entities are refused.
     *
     * @throws IOException when the dump is not an RRD's
     */
    public static Series read(String host, String graph, String field, InputStream dump) throws IOException {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // Per archive (its seconds per row), time -> value; the finest one that has a time wins.
        TreeMap<Long, TreeMap<Long, Double>> archives = new TreeMap<>();
        long step = 0;
        try {
            XMLStreamReader x = f.createXMLStreamReader(dump);
            String cf = null;
            long perRow = 0;
            long rowTime = -1;
            List<String> path = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            while (x.hasNext()) {
                int e = x.next();
                if (e == XMLStreamConstants.START_ELEMENT) {
                    path.add(x.getLocalName());
                    text.setLength(0);
                } else if (e == XMLStreamConstants.CHARACTERS) {
                    text.append(x.getText());
                } else if (e == XMLStreamConstants.COMMENT) {
                    Matcher m = ROW_TIME.matcher(x.getText().trim());
                    if (m.find()) {
                        rowTime = Long.parseLong(m.group(1));
                    }
                } else if (e == XMLStreamConstants.END_ELEMENT) {
                    String name = x.getLocalName();
                    String value = text.toString().trim();
                    String parent = path.size() > 1 ? path.get(path.size() - 2) : "";
                    if (name.equals("step") && parent.equals("rrd")) {
                        step = Long.parseLong(value);
                    } else if (name.equals("cf") && parent.equals("rra")) {
                        cf = value;
                    } else if (name.equals("pdp_per_row") && parent.equals("rra")) {
                        perRow = Long.parseLong(value) * step;
                    } else if (name.equals("v") && parent.equals("row") && "AVERAGE".equals(cf) && rowTime > 0) {
                        double v = Double.parseDouble(value);
                        if (!Double.isNaN(v)) {
                            archives.computeIfAbsent(perRow, k -> new TreeMap<>()).put(rowTime, v);
                        }
                        rowTime = -1; // one data source per Munin file: one value per row
                    } else if (name.equals("rra")) {
                        cf = null;
                    }
                    path.remove(path.size() - 1);
                    text.setLength(0);
                }
            }
        } catch (XMLStreamException | NumberFormatException e) {
            throw new IOException("not an rrdtool dump: " + e.getMessage());
        }
        if (step == 0) {
            throw new IOException("not an rrdtool dump: no step");
        }
        // From the finest archive back: each coarser one adds only the times before what finer ones hold.
        TreeMap<Long, Double> merged = new TreeMap<>();
        long covered = Long.MAX_VALUE;
        for (var archive : archives.entrySet()) {
            TreeMap<Long, Double> rows = archive.getValue();
            if (rows.isEmpty()) {
                continue;
            }
            rows.headMap(covered, false).forEach(merged::putIfAbsent);
            covered = Math.min(covered, rows.firstKey());
        }
        List<Point> points = new ArrayList<>();
        merged.forEach((t, v) -> points.add(new Point(t, v)));
        points.sort(Comparator.comparingLong(Point::epochSecond));
        return new Series(host, graph, field, points);
    }
}
