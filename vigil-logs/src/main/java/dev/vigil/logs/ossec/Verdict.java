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
 * @param subject what the alert is about besides its rule and host: the source address or URL of a one-line alert, the
 *                value a correlation rule groups by ({@code same_source_ip}, {@code same_url}, {@code same_user}), or ""
 *                for one that counts a host's lines whoever sent them (a burst of 502s is one problem, not one per visitor)
 */
public record Verdict(String decoder, Integer rule, int level, String description, List<String> groups,
                      Map<String, String> fields, List<String> evidence, boolean alert, LogEvent event, List<String> mitre,
                      List<String> info, List<String> options, String subject) {
}
