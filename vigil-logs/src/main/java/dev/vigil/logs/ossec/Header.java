package dev.vigil.logs.ossec;

/**
 * Splits the header off a line as OSSEC's pre-decoder does: a syslog timestamp (BSD, ISO-8601 with or
 * without fraction and zone, with a year in front, and a few product formats), then a hostname and a program
 * name ({@code prog:}, {@code prog[pid]:}, AIX {@code |facility:severity prog:}), and a Solaris
 * {@code [ID n facility.severity]} tag. What is left is the message decoders read. A line without a header
 * keeps its text and gets this machine's hostname and no program name.
 */
final class Header {
    private Header() {}

    /** Hostname and program name characters (OSSEC's hostname_map). */
    static boolean valid(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '/' || c == '(' || c == ')' || c == '@';
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    static void split(LogEvent e, String ownHostname) {
        String p = e.fullLog;
        int len = p.length() + 1; // OSSEC counts the terminating NUL
        e.log = p;
        int skip = -1;
        if (len > 17 && at(p, 3) == ' ' && at(p, 6) == ' ' && at(p, 9) == ':' && at(p, 12) == ':' && at(p, 15) == ' ') {
            skip = 16; // Dec 29 10:00:01
        } else if (len > 24 && at(p, 4) == '-' && at(p, 7) == '-' && at(p, 10) == ' ' && at(p, 13) == ':' && at(p, 16) == ':'
                && at(p, 19) == ',') {
            skip = 23; // 2015-04-16 21:51:02,805
        } else if (len > 33 && at(p, 4) == '-' && at(p, 7) == '-' && at(p, 10) == 'T' && at(p, 13) == ':' && at(p, 16) == ':') {
            if (at(p, 22) == ':' && at(p, 25) == ' ') {
                skip = 26; // 2007-06-14T15:48:55-04:00
            } else if (at(p, 19) == '.' || at(p, 19) == ',') {
                for (int k = 24; k <= 29; k++) {
                    if (at(p, k) == ':') {
                        skip = k + 3; // with up to six fraction digits
                        break;
                    }
                }
            }
        } else if (len > 21 && at(p, 4) == '-' && at(p, 7) == '-' && (at(p, 10) == ' ' || at(p, 10) == 'T')
                && at(p, 13) == ':' && at(p, 16) == ':') {
            skip = iso8601(p); // Wazuh's: 2020-03-24 08:38:42.344447-0700  host prog[pid]: ...
        } else if (len > 21 && Character.isDigit(at(p, 0)) && at(p, 4) == ' ' && at(p, 8) == ' ' && at(p, 11) == ' '
                && at(p, 14) == ':' && at(p, 17) == ':' && at(p, 20) == ' ') {
            skip = 21; // 2015 Dec 29 10:00:01
        } else if (len > 20 && Character.isDigit(at(p, 0)) && at(p, 4) == ':' && at(p, 7) == ':' && at(p, 10) == '-'
                && at(p, 13) == ':' && at(p, 16) == ':') {
            skip = 20; // 2019:11:06-00:08:03
        }
        if (skip >= 0) {
            syslog(e, p, Math.min(skip, p.length()));
        } else {
            other(e, p, len);
        }
        if (e.hostname == null) {
            e.hostname = ownHostname;
        }
        e.log = ciscoTag(e.log);
    }

    /**
     * A Cisco firewall tag written with a doubled percent sign ({@code %%ASA-6-605004:}, as relays that
     * printf-escape the message and OSSEC's own rule tests write it) is the device's {@code %ASA-6-605004:}.
     */
    static String ciscoTag(String log) {
        if (log.length() > 4 && log.charAt(0) == '%' && log.charAt(1) == '%') {
            int i = 2;
            while (i < log.length() && Character.isUpperCase(log.charAt(i))) {
                i++;
            }
            if (i > 2 && i + 1 < log.length() && log.charAt(i) == '-' && Character.isDigit(log.charAt(i + 1))) {
                return log.substring(1);
            }
        }
        return log;
    }

    /**
     * Where the host name starts after an ISO-8601 time with a space or T, an optional fraction, a zone (Z,
     * +HHMM or +HH:MM) and one or more spaces; -1 when the text is not that. Without a zone it is not a
     * syslog header but the start of a message (dpkg's, exim's, IIS's logs), as OSSEC and Wazuh read it.
     */
    private static int iso8601(String p) {
        int i = 19;
        boolean zone = false;
        if (at(p, i) == '.' || at(p, i) == ',') {
            i++;
            while (Character.isDigit(at(p, i))) {
                i++;
            }
        }
        if (at(p, i) == 'Z') {
            i++;
            zone = true;
        } else if ((at(p, i) == '+' || at(p, i) == '-') && Character.isDigit(at(p, i + 1)) && Character.isDigit(at(p, i + 2))) {
            i += 3;
            zone = true;
            if (at(p, i) == ':') {
                i++;
            }
            if (Character.isDigit(at(p, i)) && Character.isDigit(at(p, i + 1))) {
                i += 2;
            }
        }
        if (!zone || at(p, i) != ' ') {
            return -1;
        }
        while (at(p, i) == ' ') {
            i++;
        }
        return i;
    }

    private static void syslog(LogEvent e, String p, int start) {
        int i = start;
        if (at(p, i) == ' ') {
            i++;
        }
        e.log = p.substring(i);
        int hostStart = i;
        while (valid(at(p, i))) {
            i++;
        }
        int rest;
        if (at(p, i) == ':' && at(p, i + 1) == ' ') {
            // No hostname (Solaris): the first word is the program name.
            e.programName = p.substring(hostStart, i);
            rest = i + 2;
            e.log = p.substring(rest);
        } else if (at(p, i) != ' ') {
            return; // not a hostname: the message starts after the timestamp
        } else {
            e.hostname = p.substring(hostStart, i);
            i++;
            e.log = p.substring(i);
            int progStart = i;
            while (valid(at(p, i))) {
                i++;
            }
            if (at(p, i) == ':' && at(p, i + 1) == ' ') {
                e.programName = p.substring(progStart, i);
                rest = i + 2;
            } else if (at(p, i) == '[' && Character.isDigit(at(p, i + 1))) {
                int progEnd = i;
                i += 2;
                while (Character.isDigit(at(p, i))) {
                    i++;
                }
                if (at(p, i) == ']' && at(p, i + 1) == ':' && at(p, i + 2) == ' ') {
                    rest = i + 3;
                } else if (at(p, i) == ']' && at(p, i + 1) == ' ') {
                    rest = i + 2;
                } else if (at(p, i) == ']' && at(p, i + 1) == ':') {
                    rest = i + 2; // prog[pid]: followed directly by the message, which Wazuh's pre-decoder accepts
                } else {
                    return; // some odd format: no program name, message after the hostname
                }
                e.programName = p.substring(progStart, progEnd);
            } else if (at(p, i) == '|' && Character.isLowerCase(at(p, i + 1))) {
                rest = aix(e, p, i + 2);
                if (rest < 0) {
                    return;
                }
            } else {
                return;
            }
        }
        if (rest > p.length()) {
            rest = p.length();
        }
        if (p.startsWith("[ID ", rest)) {
            int close = p.indexOf("] ", rest + 4);
            if (close >= 0) {
                rest = close + 2;
            }
        }
        e.log = p.substring(rest);
    }

    /** AIX: {@code host |facility:severity prog[pid]: message}; -1 when it is not that. */
    private static int aix(LogEvent e, String p, int i) {
        while (Character.isLetterOrDigit(at(p, i))) {
            i++;
        }
        if (at(p, i) != ':') {
            return -1;
        }
        i++;
        while (Character.isLetterOrDigit(at(p, i))) {
            i++;
        }
        if (at(p, i) != ' ') {
            return -1;
        }
        i++;
        int progStart = i;
        while (valid(at(p, i))) {
            i++;
        }
        if (at(p, i) == ':' && at(p, i + 1) == ' ') {
            e.programName = p.substring(progStart, i);
            return i + 2;
        }
        if (at(p, i) == '[' && Character.isDigit(at(p, i + 1))) {
            int progEnd = i;
            i += 2;
            while (Character.isDigit(at(p, i))) {
                i++;
            }
            if (at(p, i) == ']' && at(p, i + 1) == ':' && at(p, i + 2) == ' ') {
                e.programName = p.substring(progStart, progEnd);
                return i + 3;
            }
        }
        return -1;
    }

    /** The non-syslog formats OSSEC recognises: xferlog, snort, suricata, Apache error, macOS ASL. */
    private static void other(LogEvent e, String p, int len) {
        if (len > 28 && at(p, 3) == ' ' && at(p, 7) == ' ' && at(p, 10) == ' ' && at(p, 13) == ':' && at(p, 16) == ':'
                && at(p, 19) == ' ' && at(p, 24) == ' ' && at(p, 26) == ' ') {
            e.log = p.substring(24); // xferlog: Mon Apr 17 18:27:14 2006 1 64.160.42.130
        } else if (len > 24 && at(p, 2) == '/' && at(p, 5) == '-' && at(p, 8) == ':' && at(p, 11) == ':' && at(p, 14) == '.'
                && at(p, 21) == ' ') {
            e.log = p.substring(Math.min(23, p.length())); // snort: 01/28-09:13:16.240702  [**]
        } else if (len > 26 && at(p, 2) == '/' && at(p, 5) == '/' && at(p, 10) == '-' && at(p, 13) == ':' && at(p, 16) == ':'
                && at(p, 19) == '.' && at(p, 26) == ' ') {
            e.log = p.substring(Math.min(28, p.length())); // suricata
        } else if (len > 27 && at(p, 0) == '[' && at(p, 4) == ' ' && at(p, 8) == ' ' && at(p, 11) == ' ' && at(p, 14) == ':'
                && at(p, 17) == ':' && at(p, 20) == ' ' && at(p, 25) == ']') {
            e.log = p.substring(Math.min(27, p.length())); // Apache: [Fri Feb 11 18:06:35 2004] [warn]
        } else if (len > 26 && at(p, 0) == '[' && at(p, 1) == 'T' && at(p, 5) == ' ' && at(p, 10) == '.' && at(p, 13) == '.'
                && at(p, 16) == ' ' && at(p, 19) == ':') {
            asl(e, p); // [Time 2006.12.28 15:53:55 UTC] [Facility auth] [Sender sshd] ... [Message ...] [Host h]
        }
    }

    private static void asl(LogEvent e, String p) {
        e.log = p.substring(Math.min(25, p.length()));
        boolean message = false;
        int i = p.indexOf('[', 25);
        while (i >= 0) {
            i++;
            int close = p.indexOf(']', i);
            if (close < 0) {
                break;
            }
            if (p.startsWith("Sender ", i) && e.programName == null) {
                e.programName = p.substring(i + 7, close);
            } else if (p.startsWith("Message ", i) && !message) {
                message = true;
                e.log = p.substring(i + 8, close);
            } else if (p.startsWith("Host ", i)) {
                e.hostname = p.substring(i + 5, close);
                break;
            }
            i = p.indexOf('[', close);
        }
    }
}
