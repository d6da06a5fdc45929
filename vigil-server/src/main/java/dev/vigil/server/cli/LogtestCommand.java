package dev.vigil.server.cli;

import dev.vigil.logs.input.StdinInput;
import dev.vigil.logs.ossec.Analyzer;
import dev.vigil.logs.ossec.Ruleset;
import dev.vigil.logs.ossec.Verdict;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code vigil logtest}: reads log lines on standard input and says, per line, which decoder took it, the
 * fields it decoded and the rule it ended on, like {@code ossec-logtest}; {@code --json} prints one JSON
 * object per line for scripts. {@code --decoders}/{@code --rules} test any OSSEC-format ruleset.
 */
@Command(name = "logtest", mixinStandardHelpOptions = true,
        description = "Decode and judge log lines from standard input, like ossec-logtest.")
public final class LogtestCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "one JSON object per input line")
    boolean json;

    @Option(names = "--decoders", paramLabel = "FILE_OR_DIR", description = "OSSEC decoder file or folder (with --rules)")
    Path decoders;

    @Option(names = "--rules", paramLabel = "DIR", description = "OSSEC or Wazuh rules folder; its order.txt, if any, is "
            + "followed, else every *.xml by name (but 0215-policy_rules.xml, as Wazuh)")
    Path rules;

    @Option(names = "--lists", paramLabel = "DIR", description = "CDB lists folder (rules name them etc/lists/NAME); "
            + "default: a lists folder beside --rules")
    Path lists;

    @Option(names = "--strict", description = "refuse the whole ruleset on any problem (for people writing rules) "
            + "instead of skipping what cannot be used")
    boolean strict;

    @Option(names = "--location", description = "where the lines are said to come from (default: stdin)")
    String location = "stdin";

    @Override
    public Integer call() throws IOException {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        if ((decoders == null) != (rules == null)) {
            System.err.println("vigil logtest: give both --decoders and --rules, or neither for the built-in ruleset");
            return 2;
        }
        Ruleset set;
        try {
            set = decoders == null ? Ruleset.builtIn()
                    : Ruleset.load(decoders, rules, (strict ? Ruleset.Options.STRICT : Ruleset.Options.LENIENT).withLists(lists));
        } catch (Ruleset.Invalid e) {
            System.err.println("vigil logtest: the ruleset does not load:");
            e.problems.forEach(p -> System.err.println("  " + p));
            return 2;
        } catch (IOException e) {
            System.err.println("vigil logtest: cannot read the ruleset: " + e.getMessage());
            return 2;
        }
        set.warnings().forEach(w -> System.err.println("warning: " + w));
        if (!set.skipped().isEmpty()) {
            System.err.println("vigil logtest: " + set.ruleCount() + " rules loaded; skipped " + set.skipped().size()
                    + " decoders or rules that cannot be used (--strict refuses the set instead):");
            set.skipped().forEach(p -> System.err.println("  " + p));
        }
        Analyzer analyzer = new Analyzer(set, InstantSource.system(), ZoneId.systemDefault(), hostname());
        // The same line reading as every input: invalid UTF-8 kept as replacement characters, long lines cut.
        try {
            new StdinInput(System.in, location, InstantSource.system()).run(l -> {
                Verdict v = analyzer.analyze(l.text(), location);
                try {
                    if (json) {
                        out.println(JSON.writeValueAsString(asJson(v)));
                    } else {
                        print(out, l.text(), v);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.flush();
                return true;
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        return 0;
    }

    static Map<String, Object> asJson(Verdict v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decoder", v.decoder());
        m.put("rule", v.rule() == null ? null : String.valueOf(v.rule()));
        m.put("level", v.level());
        m.put("description", v.description());
        m.put("groups", v.groups());
        if (!v.mitre().isEmpty()) {
            m.put("mitre", v.mitre());
        }
        if (!v.info().isEmpty()) {
            m.put("info", v.info());
        }
        if (!v.options().isEmpty()) {
            m.put("options", v.options());
        }
        m.put("alert", v.alert());
        m.put("fields", v.fields());
        if (!v.evidence().isEmpty()) {
            m.put("evidence", v.evidence());
        }
        return m;
    }

    private static void print(PrintStream out, String line, Verdict v) {
        out.println("**Phase 1: Completed pre-decoding.");
        out.println("       full event: '" + line + "'");
        v.fields().forEach((k, val) -> {
            if (k.equals("hostname") || k.equals("program_name")) {
                out.println("       " + k + ": '" + val + "'");
            }
        });
        out.println();
        out.println("**Phase 2: Completed decoding.");
        if (v.decoder() == null) {
            out.println("       No decoder matched.");
        } else {
            out.println("       decoder: '" + v.decoder() + "'");
            v.fields().forEach((k, val) -> {
                if (!k.equals("hostname") && !k.equals("program_name")) {
                    out.println("       " + k + ": '" + val + "'");
                }
            });
        }
        out.println();
        if (v.rule() != null) {
            out.println("**Phase 3: Completed filtering (rules).");
            out.println("       Rule id: '" + v.rule() + "'");
            out.println("       Level: '" + v.level() + "'");
            out.println("       Description: '" + v.description() + "'");
            if (v.alert()) {
                out.println("**Alert to be generated.");
            }
            v.evidence().forEach(ev -> out.println("       evidence: " + ev));
        }
        out.println();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
