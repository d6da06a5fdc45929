package dev.vigil.metrics.intake;

import dev.vigil.metrics.Recorder;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.time.Instant;
import java.util.Map;

/**
 * A write in InfluxDB's line protocol (the body of {@code POST /api/v2/write} or {@code /write}) into the series:
 * each numeric field of a line is series {@code MEASUREMENT.FIELD} with the line's tags after it (a {@code host}
 * tag picks the host), at the line's time. Bad lines are refused one by one, as InfluxDB's partial writes are.
 */
public final class InfluxWrite {
    private InfluxWrite() {}

    /** What a write did: points kept, lines refused and the first refusal's reason (null when none). */
    public record Outcome(int points, int refused, String firstError) {}

    /**
     * @param precision of the timestamps: ns (the default), us, ms or s
     * @param defaultHost the host of lines without a {@code host} tag
     */
    public static Outcome apply(String body, String precision, String defaultHost, Recorder out, Instant now) {
        if (precision != null && !java.util.Set.of("ns", "us", "ms", "s", "n", "u", "m", "h").contains(precision)) {
            throw new IllegalArgumentException("unknown precision '" + precision + "': ns, us, ms or s");
        }
        int points = 0;
        int refused = 0;
        String first = null;
        int number = 0;
        for (String line : body.split("\n")) {
            number++;
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            try {
                InfluxLine l = InfluxLine.parse(line);
                Instant at = l.at(precision, now);
                String host = l.tags().getOrDefault("host", defaultHost);
                for (Map.Entry<String, Double> f : l.fields().entrySet()) {
                    out.record(SeriesInfo.of(new SeriesKey(host, Tags.name(l.measurement() + "." + f.getKey(), l.tags())), "", "influx"),
                            at, f.getValue());
                    points++;
                }
            } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                refused++;
                if (first == null) {
                    first = "line " + number + ": " + e.getMessage();
                }
            }
        }
        return new Outcome(points, refused, first);
    }
}
