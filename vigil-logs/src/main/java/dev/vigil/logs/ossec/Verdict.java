package dev.vigil.logs.ossec;

import java.util.List;
import java.util.Map;

/**
 * What the analyzer made of one line: the decoder (its reported name, or null), the rule the line ended on
 * (null when none), its level and description, the decoded fields, and for a correlation rule the earlier
 * lines that made it fire (the evidence).
 *
 * @param alert true when the rule asks for an alert (level above 0, not ignored)
 * @param mitre the MITRE ATT&CK technique ids the rule names (Wazuh's {@code <mitre>}), empty when none
 * @param info the rule's references ({@code <info type="link">}: "link: https://..."), empty when none
 * @param options the rule's {@code <options>} as written, empty when none
 */
public record Verdict(String decoder, Integer rule, int level, String description, List<String> groups,
                      Map<String, String> fields, List<String> evidence, boolean alert, LogEvent event, List<String> mitre,
                      List<String> info, List<String> options) {
}
