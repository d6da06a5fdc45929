package dev.vigil.logs.ossec;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** {@code <srcip>}: addresses or networks (CIDR), each possibly negated with {@code !}. */
final class IpList {
    private record Net(byte[] address, int bits, boolean negated) {}

    private final List<Net> nets = new ArrayList<>();

    static IpList parse(String text) {
        IpList l = new IpList();
        for (String part : text.split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            boolean neg = part.startsWith("!");
            String p = neg ? part.substring(1) : part;
            int slash = p.indexOf('/');
            String addr = slash < 0 ? p : p.substring(0, slash);
            byte[] bytes = literal(addr);
            if (bytes == null) {
                throw new IllegalArgumentException("'" + part + "' is not an IP address or network");
            }
            int bits = bytes.length * 8;
            if (slash >= 0) {
                String mask = p.substring(slash + 1);
                bits = mask.contains(".") ? Integer.bitCount(ByteBuffer.wrap(literal(mask)).getInt()) : Integer.parseInt(mask);
            }
            l.nets.add(new Net(bytes, bits, neg));
        }
        return l;
    }

    /** True when the address is in a listed network, or (for a negated entry) not in it. */
    boolean contains(String ip) {
        byte[] a = literal(ip);
        if (a == null) {
            return false;
        }
        for (Net n : nets) {
            boolean in = a.length == n.address.length && prefixEquals(a, n.address, n.bits);
            if (in != n.negated) {
                return true;
            }
        }
        return false;
    }

    private static boolean prefixEquals(byte[] a, byte[] b, int bits) {
        for (int i = 0; i < bits; i++) {
            int bit = 7 - (i % 8);
            if (((a[i / 8] >> bit) & 1) != ((b[i / 8] >> bit) & 1)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of a literal address; never a DNS lookup (a rule must not resolve names). */
    private static byte[] literal(String s) {
        if (s == null || s.isEmpty() || !(s.indexOf(':') >= 0 || s.chars().allMatch(c -> c == '.' || Character.isDigit(c)))) {
            return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
