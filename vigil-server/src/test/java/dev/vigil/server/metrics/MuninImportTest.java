package dev.vigil.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.access.Tokens;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.server.Main;
import dev.vigil.server.RunningVigil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil metrics import munin DIR} against RRD files made by Debian's rrdtool with Munin's own archive layout
 * (five-minute points for two days, then half-hour, two-hour and daily ones), into a running server.
 */
class MuninImportTest {
    @TempDir
    Path dir;

    private static void rrdtool(List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of("rrdtool"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("rrdtool " + args.get(0) + ": " + out).isZero();
    }

    @Test
    void aMuninInstallationsHistoryKeepsItsPastInVigil() throws Exception {
        Path munin = Files.createDirectories(dir.resolve("munin/example.org"));
        Path rrd = munin.resolve("web-1.example.org-load-load-g.rrd");
        long now = Instant.now().getEpochSecond() / 300 * 300;
        long start = now - 4 * 86_400;
        rrdtool(List.of("create", rrd.toString(), "--start", String.valueOf(start - 300), "--step", "300", "DS:42:GAUGE:600:U:U",
                "RRA:AVERAGE:0.5:1:576", "RRA:MIN:0.5:1:576", "RRA:MAX:0.5:1:576", "RRA:AVERAGE:0.5:6:432", "RRA:MIN:0.5:6:432",
                "RRA:MAX:0.5:6:432", "RRA:AVERAGE:0.5:24:540", "RRA:MIN:0.5:24:540", "RRA:MAX:0.5:24:540",
                "RRA:AVERAGE:0.5:288:450", "RRA:MIN:0.5:288:450", "RRA:MAX:0.5:288:450"));
        // Four days of load: 1.5 on the first day, 2.5 on the second, and so on; the last hours 9.0.
        List<String> update = new ArrayList<>(List.of("update", rrd.toString()));
        for (long t = start; t <= now; t += 300) {
            double v = t > now - 3 * 3600 ? 9.0 : 1.5 + (t - start) / 86_400;
            update.add(t + ":" + v);
        }
        rrdtool(update);
        Files.writeString(munin.resolve("datafile"), "not an rrd");
        Files.writeString(munin.resolve("stray.rrd"), "not munin's");

        try (RunningVigil v = new RunningVigil(Files.createDirectories(dir.resolve("vigil")))) {
            String token = v.vigil.tokens().create("import", Tokens.Scope.SUBMIT, null).secret();
            assertThat(Main.run("metrics", "import", "munin", dir.resolve("munin").toString(), "--server", v.base, "--token", token)).isZero();

            SeriesKey load = new SeriesKey("web-1.example.org", "munin.load.load");
            MetricStore store = v.vigil.metrics().store();
            assertThat(store.info(load)).isPresent();
            // Three and a half days back (from Munin's two-hour archive): the first day's value.
            MetricStore.Points past = store.query(load, Instant.ofEpochSecond(start + 6 * 3600), Instant.ofEpochSecond(start + 12 * 3600),
                    Duration.ofHours(1));
            assertThat(java.util.Arrays.stream(past.values()).filter(x -> !Double.isNaN(x)).boxed().toList()).isNotEmpty()
                    .allSatisfy(x -> assertThat(x).isCloseTo(1.5, within(0.01)));
            // The last hour (from the five-minute archive).
            MetricStore.Points recent = store.query(load, Instant.ofEpochSecond(now - 3600), Instant.ofEpochSecond(now), Duration.ofMinutes(5));
            assertThat(java.util.Arrays.stream(recent.values()).filter(x -> !Double.isNaN(x)).boxed().toList()).isNotEmpty()
                    .allSatisfy(x -> assertThat(x).isCloseTo(9.0, within(0.01)));
            // A wrong token: the server refuses the write and the import stops with an error.
            assertThat(Main.run("metrics", "import", "munin", dir.resolve("munin").toString(), "--server", v.base, "--token", "wrong"))
                    .isEqualTo(1);
        }
    }
}
