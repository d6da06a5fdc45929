package dev.vigil.metrics.intake;

import dev.vigil.metrics.Recorder;
import dev.vigil.metrics.SeriesInfo;
import dev.vigil.metrics.SeriesKey;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prometheus' remote write, received ({@code POST /api/v1/write}): a snappy-compressed protobuf {@code WriteRequest}
 * whose time series become series here. {@code __name__} is the name, a {@code host} label (else {@code instance}
 * without its port) the host, the other labels tags after the name; each sample keeps its own time. The protobuf is
 * read by hand (three message types) with every length checked against what is left, so a truncated or hostile body
 * is refused, never read past.
 */
public final class PromWrite {
    /** The most a write may unpack to. */
    static final int MAX_UNPACKED = 64 << 20;

    private PromWrite() {}

    /** What a write did: samples kept, series refused (a name or label no series can have) and the first reason. */
    public record Outcome(int samples, int refused, String firstError) {}

    private record Series(Map<String, String> labels, List<double[]> samples) {}

    public static Outcome apply(byte[] snappy, String defaultHost, Recorder out) throws IOException {
        byte[] body;
        try {
            if (org.xerial.snappy.Snappy.uncompressedLength(snappy) > MAX_UNPACKED) {
                throw new IOException("the write unpacks to more than " + (MAX_UNPACKED >> 20) + " MB");
            }
            body = org.xerial.snappy.Snappy.uncompress(snappy);
        } catch (IOException | RuntimeException e) {
            throw new IOException("the body is not snappy-compressed: " + e.getMessage());
        }
        int kept = 0;
        int refused = 0;
        String first = null;
        for (Series s : read(body)) {
            String name = s.labels().get("__name__");
            try {
                if (name == null) {
                    throw new IllegalArgumentException("a series without __name__");
                }
                Map<String, String> tags = new LinkedHashMap<>(s.labels());
                tags.remove("__name__");
                String host = tags.remove("host");
                String instance = tags.remove("instance");
                if (host == null) {
                    host = instance == null ? defaultHost : instance.replaceFirst(":\\d+$", "");
                }
                SeriesInfo info = SeriesInfo.of(new SeriesKey(host, Tags.name(name, tags)), "", "remote-write");
                for (double[] sample : s.samples()) {
                    if (Double.isFinite(sample[0])) { // NaN is Prometheus' staleness marker, not a value
                        out.record(info, Instant.ofEpochMilli((long) sample[1]), sample[0]);
                        kept++;
                    }
                }
            } catch (IllegalArgumentException e) {
                refused++;
                if (first == null) {
                    first = e.getMessage();
                }
            }
        }
        return new Outcome(kept, refused, first);
    }

    /** The WriteRequest's time series (field 1); its other fields (metadata) are skipped. */
    private static List<Series> read(byte[] b) throws IOException {
        List<Series> out = new ArrayList<>();
        Reader r = new Reader(b, 0, b.length);
        while (r.more()) {
            int tag = (int) r.varint();
            if (tag == (1 << 3 | 2)) {
                Reader ts = r.message();
                Map<String, String> labels = new LinkedHashMap<>();
                List<double[]> samples = new ArrayList<>();
                while (ts.more()) {
                    int t = (int) ts.varint();
                    if (t == (1 << 3 | 2)) {
                        Reader l = ts.message();
                        String k = null;
                        String v = null;
                        while (l.more()) {
                            int lt = (int) l.varint();
                            if (lt == (1 << 3 | 2)) {
                                k = l.string();
                            } else if (lt == (2 << 3 | 2)) {
                                v = l.string();
                            } else {
                                l.skip(lt);
                            }
                        }
                        if (k != null && v != null) {
                            labels.put(k, v);
                        }
                    } else if (t == (2 << 3 | 2)) {
                        Reader sm = ts.message();
                        double value = Double.NaN;
                        long at = 0;
                        while (sm.more()) {
                            int st = (int) sm.varint();
                            if (st == (1 << 3 | 1)) {
                                value = Double.longBitsToDouble(sm.fixed64());
                            } else if (st == (2 << 3)) {
                                at = sm.varint();
                            } else {
                                sm.skip(st);
                            }
                        }
                        samples.add(new double[] {value, at});
                    } else {
                        ts.skip(t);
                    }
                }
                out.add(new Series(labels, samples));
            } else {
                r.skip(tag);
            }
        }
        return out;
    }

    /** Protobuf's wire format over a slice of bytes, every length checked. */
    private static final class Reader {
        private final byte[] b;
        private int i;
        private final int end;

        Reader(byte[] b, int from, int to) {
            this.b = b;
            this.i = from;
            this.end = to;
        }

        boolean more() {
            return i < end;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (i >= end) {
                    throw new IOException("truncated protobuf");
                }
                byte x = b[i++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IOException("malformed protobuf varint");
        }

        long fixed64() throws IOException {
            if (end - i < 8) {
                throw new IOException("truncated protobuf");
            }
            long v = 0;
            for (int k = 0; k < 8; k++) {
                v |= (b[i++] & 0xffL) << (8 * k);
            }
            return v;
        }

        private int length() throws IOException {
            long n = varint();
            if (n < 0 || n > end - i) {
                throw new IOException("a protobuf length runs past its message");
            }
            return (int) n;
        }

        Reader message() throws IOException {
            int n = length();
            Reader r = new Reader(b, i, i + n);
            i += n;
            return r;
        }

        String string() throws IOException {
            int n = length();
            String s = new String(b, i, n, java.nio.charset.StandardCharsets.UTF_8);
            i += n;
            return s;
        }

        void skip(int tag) throws IOException {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> {
                    if (end - i < 8) {
                        throw new IOException("truncated protobuf");
                    }
                    i += 8;
                }
                case 2 -> i += length();
                case 5 -> {
                    if (end - i < 4) {
                        throw new IOException("truncated protobuf");
                    }
                    i += 4;
                }
                default -> throw new IOException("unsupported protobuf wire type " + (tag & 7));
            }
        }
    }
}
