package dev.vigil.logs.ossec;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The functions OSSEC's {@code <compiled_rule>} can name, written again from what they test. The crawler
 * check keeps OSSEC's address prefixes but makes no DNS lookups (a rule must never wait on the network).
 */
final class CompiledRules {
    private CompiledRules() {}

    static final Map<String, Predicate<LogEvent>> ALL = Map.of(
            "is_simple_http_request", CompiledRules::simpleHttpRequest,
            "is_valid_crawler", CompiledRules::validCrawler,
            "comp_srcuser_dstuser", CompiledRules::sameSrcAndDstUser,
            "check_id_size", e -> e.field(Field.ID) != null && e.field(Field.ID).length() >= 10,
            "comp_mswin_targetuser_calleruser_diff", CompiledRules::windowsTargetDiffersFromCaller);

    /** A plain GET of "/" or of a path without a query: not worth the attack rules' time. */
    private static boolean simpleHttpRequest(LogEvent e) {
        String url = e.field(Field.URL);
        if (url == null) {
            return false;
        }
        String action = e.field(Field.ACTION);
        if (action != null && !action.equalsIgnoreCase("GET")) {
            return false;
        }
        return url.equals("/") || url.indexOf('?') < 0;
    }

    private static boolean validCrawler(LogEvent e) {
        for (String prefix : new String[] {"72.14.", "209.85.", "65.55.", "207.46.", "74.6.", "72.30.", "67.195."}) {
            if (e.log.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** True unless both users are set and differ. */
    private static boolean sameSrcAndDstUser(LogEvent e) {
        String s = e.field(Field.SRCUSER);
        String d = e.field(Field.DSTUSER);
        return s == null || d == null || s.equals(d);
    }

    private static boolean windowsTargetDiffersFromCaller(LogEvent e) {
        int t = e.log.indexOf("Target Account Name");
        int c = e.log.indexOf("Caller User Name");
        if (t < 0 || c < 0) {
            return false;
        }
        int ti = e.log.indexOf(':', t);
        int ci = e.log.indexOf(':', c);
        if (ti < 0 || ci < 0) {
            return false;
        }
        for (ti++, ci++; ti < e.log.length(); ti++, ci++) {
            char a = e.log.charAt(ti);
            if (ci >= e.log.length() || a != e.log.charAt(ci)) {
                return true;
            }
            if (a == '\t' || (a == ' ' && ti + 1 < e.log.length() && e.log.charAt(ti + 1) == ' ')) {
                break;
            }
        }
        return false;
    }
}
