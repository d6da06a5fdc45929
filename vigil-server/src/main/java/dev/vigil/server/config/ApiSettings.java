package dev.vigil.server.config;

import dev.vigil.core.config.Section;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The {@code api:} section: what API clients may register. A check that runs a command can only come from
 * the config files on disk unless {@code allow_exec_registration} says otherwise, since a token that could
 * register one would be a shell on this machine. {@code allowed_targets} (CIDR ranges and host patterns
 * such as {@code *.example.com}) limits where registered network checks may connect, so a token cannot
 * turn Vigil into a probe of internal addresses; empty allows any target.
 */
public record ApiSettings(boolean allowExecRegistration, List<String> allowedTargets) {
    public static final String KEY = "api";
    public static final ApiSettings DEFAULT = new ApiSettings(false, List.of());

    public ApiSettings {
        allowedTargets = List.copyOf(allowedTargets);
    }

    public static ApiSettings read(Section s) {
        boolean exec = s.bool("allow_exec_registration", false);
        List<String> targets = new ArrayList<>();
        for (String t : s.strings("allowed_targets")) {
            String reason = invalid(t);
            if (reason != null) {
                s.error("allowed_targets", "'allowed_targets': '" + t + "' " + reason
                        + "; expected a CIDR range (10.0.0.0/8) or a host pattern (*.example.com)");
            } else {
                targets.add(t.toLowerCase(Locale.ROOT));
            }
        }
        s.finish();
        return new ApiSettings(exec, targets);
    }

    private static String invalid(String t) {
        if (t.contains("/")) {
            String[] p = t.split("/", 2);
            try {
                InetAddress a = literal(p[0]);
                int bits = Integer.parseInt(p[1]);
                return bits < 0 || bits > a.getAddress().length * 8 ? "has a prefix length out of range" : null;
            } catch (IllegalArgumentException e) {
                return "is not a CIDR range";
            }
        }
        return t.matches("[A-Za-z0-9*.:-]+") ? null : "is not a host pattern";
    }

    /**
     * Whether a registered check may connect to {@code host} (a name or address literal). A name is allowed
     * by a matching pattern, or when every address it resolves to is in an allowed range.
     */
    public boolean allows(String host) {
        if (allowedTargets.isEmpty()) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", "");
        for (String t : allowedTargets) {
            if (!t.contains("/") && glob(t).matcher(h).matches()) {
                return true;
            }
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(h);
        } catch (UnknownHostException e) {
            return false;
        }
        for (InetAddress a : addresses) {
            if (allowedTargets.stream().filter(t -> t.contains("/")).noneMatch(t -> inRange(a, t))) {
                return false;
            }
        }
        return addresses.length > 0;
    }

    /** An address written as digits, never looked up (a name here is a mistake, not a DNS query). */
    private static InetAddress literal(String text) {
        if (!text.matches("[0-9.]{7,15}|[0-9A-Fa-f:.]{2,45}")) {
            throw new IllegalArgumentException("not an address literal");
        }
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address literal");
        }
    }

    private static Pattern glob(String pattern) {
        return Pattern.compile(Pattern.quote(pattern).replace("*", "\\E[a-z0-9.-]*\\Q"));
    }

    static boolean inRange(InetAddress a, String cidr) {
        String[] p = cidr.split("/", 2);
        byte[] net = literal(p[0]).getAddress();
        byte[] addr = a.getAddress();
        if (net.length != addr.length) {
            return false;
        }
        int bits = Integer.parseInt(p[1]);
        for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((net[i] & mask) != (addr[i] & mask)) {
                return false;
            }
        }
        return true;
    }
}
