package dev.vigil.logs.ossec;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugin decoders OSSEC's and Wazuh's decoder files name besides JSON ({@code <plugin_decoder>}): code, not
 * patterns, so each is written here from what OSSEC's plugin does with a line. {@code OSSECAlert_Decoder} (an
 * alert forwarded by another OSSEC server, re-raised as its original rule) is not among them.
 */
final class PluginDecoders {
    static final Set<String> BUILT_IN = Set.of("JSON_Decoder", "PF_Decoder", "SonicWall_Decoder", "SymantecWS_Decoder");

    private static final Pattern SONICWALL_ID = Pattern.compile("pri=([0-9]) c=([0-9]+) m=([0-9]+) ");
    private static final Pattern SONICWALL_ADDRESSES = Pattern.compile(
            "src=([0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+):([0-9]+):[^ ]+ dst=([0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+):([0-9]+):");
    /** SonicWall message ids: a connection let through, and one dropped. */
    private static final Set<String> SONICWALL_OPENED = Set.of("98", "597", "598");
    private static final Set<String> SONICWALL_DROPPED = Set.of("38", "36", "173", "174", "37");
    private static final Pattern SONICWALL_PROXY = Pattern.compile("result=([0-9]+) dstname=([^ ]+) arg=([^ ]+)$");

    private PluginDecoders() {}

    /** Runs {@code plugin} on {@code e} ({@code text}: its message from the plugin's offset); false for one not built in. */
    static boolean decode(String plugin, LogEvent e, String text, Decoder d) {
        switch (plugin) {
            case "JSON_Decoder" -> JsonFields.decode(e, text, d.jsonNulls);
            case "PF_Decoder" -> pf(e, e.log);
            case "SonicWall_Decoder" -> sonicWall(e, e.log);
            case "SymantecWS_Decoder" -> symantecWebSecurity(e, e.log);
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * OpenBSD's pf as tcpdump prints it: {@code ... rule 2/(match) pass in on xl0: 140.211.166.3.6667 >
     * 192.168.2.10.16290: P ...}: action (pass or block), source and destination with the port as a fifth
     * dotted part, and the protocol (UDP, ICMP, else TCP).
     */
    static void pf(LogEvent e, String log) {
        int i = log.indexOf(')');
        if (i < 0 || !log.startsWith(" ", i + 1)) {
            return;
        }
        i += 2;
        if (log.startsWith("p", i)) {
            e.fields[Field.ACTION.ordinal()] = "pass";
        } else if (log.startsWith("b", i)) {
            e.fields[Field.ACTION.ordinal()] = "block";
        } else {
            return;
        }
        i = log.indexOf(':', i);
        if (i < 0 || !log.startsWith(" ", i + 1)) {
            return;
        }
        i += 2;
        int space = log.indexOf(' ', i);
        if (space < 0) {
            return;
        }
        address(e, log.substring(i, space), Field.SRCIP, Field.SRCPORT);
        if (!log.startsWith("> ", space + 1)) {
            return;
        }
        int start = space + 3;
        int colon = log.indexOf(':', start);
        if (colon < 0) {
            return;
        }
        address(e, log.substring(start, colon), Field.DSTIP, Field.DSTPORT);
        int p = colon + 1;
        while (p < log.length() && log.charAt(p) == ' ') {
            p++;
        }
        if (p < log.length()) {
            char c = log.charAt(p);
            e.fields[Field.PROTOCOL.ordinal()] = c == 'u' ? "UDP" : c == 'i' ? "ICMP" : "TCP";
        }
    }

    /** {@code a.b.c.d.port}: the address, and the port when there is a fifth dotted part. */
    private static void address(LogEvent e, String value, Field ip, Field port) {
        int dots = 0;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '.' && ++dots == 4) {
                e.fields[ip.ordinal()] = value.substring(0, i);
                e.fields[port.ordinal()] = value.substring(i + 1);
                return;
            }
        }
        e.fields[ip.ordinal()] = value;
    }

    /**
     * SonicWall's {@code id=firewall sn=... pri=6 c=262144 m=98 msg="..." src=2.2.2.2:36701:WAN
     * dst=1.1.1.1:50000:WAN proto=tcp/50000}: pri is the status, m the id, the addresses and ports, the protocol;
     * the message id says what kind of event it is (which rules look at it) and the firewall action.
     */
    static void sonicWall(LogEvent e, String log) {
        e.type = "syslog";
        Matcher id = SONICWALL_ID.matcher(log);
        if (!id.find()) {
            return;
        }
        e.fields[Field.STATUS.ordinal()] = id.group(1);
        String category = id.group(2);
        String m = id.group(3);
        e.fields[Field.ID.ordinal()] = m;
        Matcher a = SONICWALL_ADDRESSES.matcher(log).region(id.end(), log.length());
        if (!a.find()) {
            return;
        }
        e.fields[Field.SRCIP.ordinal()] = a.group(1);
        e.fields[Field.SRCPORT.ordinal()] = a.group(2);
        e.fields[Field.DSTIP.ordinal()] = a.group(3);
        e.fields[Field.DSTPORT.ordinal()] = a.group(4);
        int space = log.indexOf(' ', a.end());
        if (space >= 0 && log.startsWith("proto=", space + 1)) {
            int from = space + 7;
            int to = from;
            while (to < log.length() && to - from < 6 && Character.isLetterOrDigit(log.charAt(to))) {
                to++;
            }
            e.fields[Field.PROTOCOL.ordinal()] = log.substring(from, to);
        }
        if (category.equals("32")) {
            e.type = "ids";
        } else if (SONICWALL_OPENED.contains(m)) {
            firewall(e, "pass");
        } else if (SONICWALL_DROPPED.contains(m)) {
            firewall(e, "drop");
        } else if (m.equals("537")) {
            firewall(e, "close");
        } else if (m.equals("97")) {
            e.type = "squid";
            Matcher proxy = SONICWALL_PROXY.matcher(log).region(a.end(), log.length());
            if (proxy.find()) {
                e.fields[Field.ID.ordinal()] = proxy.group(1); // the HTTP status
                e.fields[Field.URL.ordinal()] = proxy.group(2) + proxy.group(3);
            }
        }
    }

    private static void firewall(LogEvent e, String action) {
        e.type = "firewall";
        e.fields[Field.ACTION.ordinal()] = action;
    }

    /**
     * Symantec Web Security's {@code 20070717,73614,1=5,11=1.2.3.4,1106=News,60=http://...,10=userX,2=27}: after
     * the date, {@code 10=} is the user, {@code 11=} the source address, {@code 60=} the URL, and the first
     * entry starting {@code 3=} or {@code 2=} is the id, read as OSSEC reads it: its first nine characters,
     * commas included ({@code 3=1,2=1}), which is what the rules match.
     */
    static void symantecWebSecurity(LogEvent e, String log) {
        int i = log.indexOf(',');
        if (i < 0) {
            return;
        }
        i++;
        while (i >= 0 && i <= log.length()) {
            String rest = log.substring(i);
            if (rest.startsWith("10=")) {
                first(e, Field.DSTUSER, value(rest, 3, 128));
            } else if (rest.startsWith("11=")) {
                first(e, Field.SRCIP, value(rest, 3, 128));
            } else if (rest.startsWith("60=")) {
                first(e, Field.URL, value(rest, 3, 1024));
            } else if (rest.startsWith("3=") || rest.startsWith("2=")) {
                String id = rest.substring(0, Math.min(9, rest.length()));
                first(e, Field.ID, id);
                i += id.length();
            }
            int comma = log.indexOf(',', i);
            i = comma < 0 ? -1 : comma + 1;
        }
    }

    private static String value(String entry, int from, int max) {
        int comma = entry.indexOf(',', from);
        int end = Math.min(comma < 0 ? entry.length() : comma, from + max);
        return entry.substring(from, end);
    }

    private static void first(LogEvent e, Field f, String value) {
        if (e.fields[f.ordinal()] == null) {
            e.fields[f.ordinal()] = value;
        }
    }
}
