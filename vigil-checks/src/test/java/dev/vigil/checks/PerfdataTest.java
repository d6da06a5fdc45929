package dev.vigil.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerfdataTest {

    @Test
    void parsesEveryFieldOfTheGuidelinesFormat() {
        List<String> problems = new ArrayList<>();
        List<PerfValue> values = Perfdata.parse("time=0.006s;1.000;2.000;0.000;10.000 size=1234B;;;0", problems);
        assertThat(values).containsExactly(
                new PerfValue("time", 0.006, "s", "1.000", "2.000", 0.0, 10.0),
                new PerfValue("size", 1234.0, "B", "", "", 0.0, null));
        assertThat(problems).isEmpty();
    }

    @Test
    void quotedLabelsMayContainSpacesEqualsAndEscapedQuotes() {
        List<PerfValue> values = Perfdata.parse("'/ used'=42%;80;90 'it''s = fine'=1c", new ArrayList<>());
        assertThat(values).extracting(PerfValue::label).containsExactly("/ used", "it's = fine");
        assertThat(values.get(1).unit()).isEqualTo("c");
    }

    @Test
    void undeterminedValueIsKeptAsNull() {
        assertThat(Perfdata.parse("temp=U;30;40", new ArrayList<>())).singleElement()
                .satisfies(v -> assertThat(v.value()).isNull());
    }

    @Test
    void malformedItemsAreSkippedWithAProblemAndOthersKept() {
        List<String> problems = new ArrayList<>();
        List<PerfValue> values = Perfdata.parse("garbage ok=1 bad=abc;1 =5", problems);
        assertThat(values).extracting(PerfValue::label).containsExactly("ok");
        assertThat(problems).hasSize(3);
    }

    @Test
    void formatRoundTripsThroughParse() {
        List<PerfValue> values = List.of(new PerfValue("a b", 1.5, "ms", "1", "2", 0.0, null), PerfValue.of("c", 3, "%"));
        assertThat(Perfdata.parse(Perfdata.format(values), new ArrayList<>())).isEqualTo(values);
    }

    @Test
    void pluginOutputSplitsFirstLineLongOutputAndMultiLinePerfdata() {
        PluginOutput out = PluginOutput.parse("""
                DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968
                / 15272 MB (77%);
                /boot 68 MB (69%);
                /home 69357 MB (27%);
                /var/log 819 MB (84%); | /boot=68MB;88;93;0;98
                /home=69357MB;253404;253409;0;253414
                /var/log=818MB;970;975;0;980
                """);
        assertThat(out.output()).isEqualTo("DISK OK - free space: / 3326 MB (56%);");
        assertThat(out.longOutput()).isEqualTo("/ 15272 MB (77%);\n/boot 68 MB (69%);\n/home 69357 MB (27%);\n/var/log 819 MB (84%);");
        assertThat(out.perfdata()).extracting(PerfValue::label).containsExactly("/", "/boot", "/home", "/var/log");
    }

    @Test
    void rangesFollowTheNagiosThresholdSyntax() {
        assertThat(Range.parse("10").alerts(11)).isTrue();
        assertThat(Range.parse("10").alerts(-1)).isTrue();
        assertThat(Range.parse("10").alerts(5)).isFalse();
        assertThat(Range.parse("10:").alerts(9)).isTrue();
        assertThat(Range.parse("~:10").alerts(-100)).isFalse();
        assertThat(Range.parse("~:10").alerts(11)).isTrue();
        assertThat(Range.parse("10:20").alerts(15)).isFalse();
        assertThat(Range.parse("@10:20").alerts(15)).isTrue();
        assertThat(Range.parse("@10:20").alerts(21)).isFalse();
        assertThatThrownBy(() -> Range.parse("abc")).hasMessageContaining("expected Nagios range syntax");
        assertThatThrownBy(() -> Range.parse("20:10")).hasMessageContaining("start is greater");
    }

    @Test
    void thresholdsPickTheWorstState() {
        Thresholds t = Thresholds.of("80", "90");
        assertThat(t.evaluate(50)).isEqualTo(ServiceState.OK);
        assertThat(t.evaluate(85)).isEqualTo(ServiceState.WARNING);
        assertThat(t.evaluate(95)).isEqualTo(ServiceState.CRITICAL);
    }
}
