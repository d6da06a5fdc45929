package dev.vigil.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import dev.vigil.server.RunningVigil;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** InfluxDB's line protocol through its own Java client, as Telegraf and applications send it, and what is refused. */
class InfluxWriteTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private RunningVigil vigil;
    private String token;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vigil = new RunningVigil(dir);
        token = vigil.vigil.tokens().create("t").secret();
    }

    @AfterEach
    void stop() {
        vigil.close();
    }

    private List<String> series(String host) throws Exception {
        return new dev.vigil.server.AdminApi(vigil.base, token).seriesNames(host);
    }

    @Test
    void influxdbsOwnClientWritesSeriesWithTagsAndTheirTimes() throws Exception {
        Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (InfluxDBClient client = InfluxDBClientFactory.create(vigil.base, token.toCharArray(), "shop", "metrics")) {
            var write = client.getWriteApiBlocking();
            write.writePoint(Point.measurement("cpu").addTag("host", "db1").addTag("core", "0").addField("usage", 12.5)
                    .addField("busy", true).addField("note", "a string field").time(t, WritePrecision.S));
            write.writeRecord(WritePrecision.MS, "http\\ requests,host=db1,path=/checkout count=3i " + t.plusSeconds(10).toEpochMilli());
        }
        assertThat(series("db1")).contains("cpu.usage,core=0", "cpu.busy,core=0", "http requests.count,path=/checkout")
                .noneMatch(n -> n.startsWith("cpu.note"));
    }

    @Test
    void badLinesAreRefusedOneByOneAndWritesNeedASubmitToken() throws Exception {
        String body = "disk,host=db2 used=1 1700000000\nnot line protocol\ndisk,host=db2 free=\"x\"\n";
        var r = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/api/v2/write?precision=s"))
                .header("Authorization", "Token " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("1 line(s) refused, 1 point(s) kept; line 2:");
        assertThat(series("db2")).containsExactly("disk.used");
        var anonymous = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/write?db=x"))
                .POST(HttpRequest.BodyPublishers.ofString("a b=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        String reader = vigil.vigil.tokens().create("r", dev.vigil.core.access.Tokens.Scope.READ, null).secret();
        var readOnly = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/write?db=x")).header("Authorization", "Token " + reader)
                .POST(HttpRequest.BodyPublishers.ofString("a b=1")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(readOnly.statusCode()).isEqualTo(403);
        var badPrecision = http.send(HttpRequest.newBuilder(URI.create(vigil.base + "/write?precision=fortnight"))
                .header("Authorization", "Token " + token).POST(HttpRequest.BodyPublishers.ofString("a b=1")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(badPrecision.statusCode()).as(badPrecision.body()).isEqualTo(400);
    }
}
