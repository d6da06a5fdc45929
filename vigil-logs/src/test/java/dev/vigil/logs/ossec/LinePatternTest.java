package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The literal prefilter must never rule out a line the pattern matches (it only saves the regex run), and
 * must rule out the lines that lack what every alternative needs.
 */
class LinePatternTest {

    private static boolean found(LinePattern p, String line) {
        return p.found(line, line.toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean regexAlone(LinePattern p, String line) {
        return p.regex().matcher(line).find();
    }

    @Test
    void osRegexLiteralsAreReadAsRunsAndEveryOneIsRequired() {
        LinePattern cisco = LinePattern.of(Patterns.osRegex("\\p*\\w+\\s+\\d*\\s\\d+:\\d+:\\d+:\\s+%"));
        assertThat(cisco.literals()).isNotNull();
        assertThat(cisco.literals()[0]).contains("%", ":");
        LinePattern login = LinePattern.of(Patterns.osRegex("^Failed \\S+ for invalid user \\S+ from"));
        assertThat(login.literals()[0]).contains("failed ", " for invalid user ", " from");
    }

    @Test
    void aLineMissingALiteralOfEveryAlternativeIsRuledOutAndMatchesAgreeWithTheRegex() {
        LinePattern p = LinePattern.of(Patterns.osRegex("user (\\S+) from|^session \\d+ closed"));
        String[] lines = {
            "Failed password for user root from 10.0.0.1", "session 12 closed", "session closed", "USER Root FROM x",
            "user  from", "a session 1 closed", "nothing here", "",
        };
        for (String line : lines) {
            assertThat(found(p, line)).as(line).isEqualTo(regexAlone(p, line));
        }
    }

    @Test
    void optionalAndRepeatedPartsAreNotTakenAsRequired() {
        // a? and b{0,2} may be absent; (cd) is inside a group; x+ needs one x; \. is any character.
        LinePattern p = LinePattern.of(Patterns.pcre2("ka?b{0,2}(cd)?x+e"));
        for (String line : new String[] {"kxe", "kabbcdxxe", "ke", "kbxe"}) {
            assertThat(found(p, line)).as(line).isEqualTo(regexAlone(p, line));
        }
        LinePattern any = LinePattern.of(Patterns.osRegex("a\\.b"));
        assertThat(found(any, "a-b")).isTrue();
        assertThat(found(any, "a.b")).isTrue();
        assertThat(found(any, "ab")).isFalse();
    }

    @Test
    void theLineScannerFindsEveryLiteralAsSubstringSearchesWould() {
        LinePattern a = LinePattern.of(Patterns.osRegex("user (\\S+) from|^session \\d+ closed"));
        LinePattern b = LinePattern.of(Patterns.osMatch("she|he|hers|his"));
        LinePattern c = LinePattern.of(Patterns.pcre2("ushers?x"));
        // "he" inside "she", "is" inside "his": literals found only through the automaton's suffix links.
        LinePattern d = LinePattern.of(Patterns.pcre2("he"));
        LinePattern f = LinePattern.of(Patterns.osRegex("is\\d"));
        LiteralScanner scanner = LiteralScanner.over(java.util.List.of(a, b, c, d, f));
        String[] lines = {"ushers", "user x from y", "session 1 closed", "ahishers", "nothing", "", "his", "usherx", "she", "his1"};
        for (String line : lines) {
            LogEvent e = new LogEvent(line, "test", java.time.Instant.EPOCH);
            e.log = line;
            e.lower = line.toLowerCase(java.util.Locale.ROOT);
            e.literals = scanner.scan(e.lower);
            for (LinePattern p : new LinePattern[] {a, b, c, d, f}) {
                assertThat(p.foundInMessage(line, e)).as("%s on %s", p.regex(), line).isEqualTo(regexAlone(p, line));
            }
        }
    }

    @Test
    void osRegexRepeatsStopAtTheFirstPlaceTheRestFitsButTakeAllWhenNothingFollows() {
        // As os_regex's matcher: \S+ gives way to the next element as soon as it fits (Snort's "10.1.4.2:59240 ->"
        // gives the address without its port), and a trailing group takes every character it can.
        java.util.regex.Matcher snort = Patterns.osRegex("(\\S+)\\p*\\d* -> (\\S+)").matcher("{TCP} 10.1.4.2:59240 -> 10.1.7.2:80");
        assertThat(snort.find()).isTrue();
        assertThat(snort.group(1)).isEqualTo("10.1.4.2");
        assertThat(snort.group(2)).isEqualTo("10.1.7.2:80");
        java.util.regex.Matcher at = Patterns.osRegex("^(\\w+)@").matcher("alice@db@example");
        assertThat(at.find()).isTrue();
        assertThat(at.group(1)).isEqualTo("alice");
        java.util.regex.Matcher port = Patterns.osRegex("port (\\d+)").matcher("from 10.0.0.1 port 43042");
        assertThat(port.find()).isTrue();
        assertThat(port.group(1)).isEqualTo("43042");
    }

    @Test
    void aBraceThatStartsNoQuantifierIsItselfInPcre2() {
        assertThat(Patterns.pcre2("and\\sbody\\s{(.+)}").matcher("done and body {\"a\": 1} in").find()).isTrue();
        assertThat(Patterns.pcre2("^a{2}$").matcher("aa").find()).isTrue();
        assertThat(Patterns.pcre2("^a{2,}b{1,3}$").matcher("aaabbb").find()).isTrue();
        assertThat(Patterns.pcre2("\\x{41}\\p{L}").matcher("AB").find()).isTrue();
        assertThat(Patterns.pcre2("(*UTF)\\N{U+202E}").matcher("a\u202Eb").find()).isTrue();
    }

    @Test
    void anAlternativeWithoutLiteralsMeansNoPrefilter() {
        assertThat(LinePattern.of(Patterns.osRegex("\\d+|failed")).literals()).isNull();
        assertThat(LinePattern.of(Patterns.pcre2("(?i)failed")).literals()).isNull();
    }
}
