package dev.vigil.apm.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.apm.Span;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {
    /** The shape of OTLP's own example export (opentelemetry-proto, examples/trace.json), with a server span added. */
    static final String EXPORT = """
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}},{"key":"service.version","value":{"stringValue":"1.4.3"}}]},
              "scopeSpans":[{"scope":{"name":"my.library","version":"1.0.0"},"spans":[
                {"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"",
                 "name":"GET /checkout","kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661250000000",
                 "attributes":[{"key":"http.route","value":{"stringValue":"/checkout"}},
                               {"key":"http.response.status_code","value":{"intValue":"503"}},
                               {"key":"retry","value":{"boolValue":true}},
                               {"key":"ratio","value":{"doubleValue":0.5}},
                               {"key":"tags","value":{"arrayValue":{"values":[{"stringValue":"a"},{"intValue":2}]}}}],
                 "status":{"code":2,"message":"database unavailable"}},
                {"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b173","parentSpanId":"eee19b7ec3c1b174",
                 "name":"SELECT orders","kind":"SPAN_KIND_CLIENT","startTimeUnixNano":1544712660100000000,"endTimeUnixNano":1544712660300000000,
                 "attributes":[{"key":"db.system","value":{"stringValue":"postgresql"}}],"status":{}}]}]}]}
            """;

    @Test
    void readsAStandardExport() {
        List<Span> spans = OtlpJson.traces(EXPORT.getBytes(StandardCharsets.UTF_8));
        assertThat(spans).hasSize(2);
        Span server = spans.get(0);
        assertThat(server.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(server.service()).isEqualTo("shop");
        assertThat(server.version()).as("the resource's version, on each span").isEqualTo("1.4.3");
        assertThat(server.kind()).isEqualTo(Span.Kind.SERVER);
        assertThat(server.entry()).isTrue();
        assertThat(server.error()).isTrue();
        assertThat(server.statusMessage()).isEqualTo("database unavailable");
        assertThat(server.durationMs()).isEqualTo(1250.0);
        assertThat(server.attributes()).containsEntry("http.response.status_code", 503L).containsEntry("retry", true)
                .containsEntry("ratio", 0.5).containsEntry("tags", List.of("a", 2L));
        Span db = spans.get(1);
        assertThat(db.kind()).isEqualTo(Span.Kind.CLIENT);
        assertThat(db.parentSpanId()).isEqualTo("eee19b7ec3c1b174");
        assertThat(db.exit()).isTrue();
        assertThat(db.peer()).isEqualTo("postgresql");
        assertThat(db.status()).isEqualTo(Span.Status.UNSET);
        assertThat(db.durationMs()).isEqualTo(200.0);
    }

    @Test
    void badExportsAreRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> OtlpJson.traces("{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> OtlpJson.traces("[1]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resourceSpans");
        assertThatThrownBy(() -> OtlpJson.traces(EXPORT.replace("5B8EFFF798038103D269B633813FC60C", "xyz").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("traceId must be 32 hex digits");
        assertThat(OtlpJson.traces("{}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }
}
