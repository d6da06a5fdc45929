package dev.vigil.checks.nrpe;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * An NRPE packet, as Nagios' {@code check_nrpe} and {@code nrpe} exchange them (big-endian):
 * <ul>
 *   <li>version 2: version, type, CRC-32, result code, a fixed 1,024-byte NUL-terminated buffer, 2 bytes of padding
 *       (1,036 bytes in all);</li>
 *   <li>versions 3 and 4: version, type, CRC-32, result code, 2 bytes of alignment, the buffer's length, the buffer
 *       (16 bytes of header, then the buffer). Version 4 counts the length exactly; version 3 carried 3 stray bytes.</li>
 * </ul>
 * The CRC-32 is computed over the whole packet with its own field zero. Both sides use it: the {@code nrpe} check
 * asks, and the agent answers for an existing Nagios.
 */
public record NrpePacket(int version, int type, int resultCode, String text) {
    public static final int QUERY = 1;
    public static final int RESPONSE = 2;
    static final int V2_BUFFER = 1024;
    static final int V2_SIZE = 10 + V2_BUFFER + 2;
    static final int V3_HEADER = 16;
    /** The largest buffer read (NRPE's own limit is 64 KB): a hostile server cannot make us allocate more. */
    static final int MAX_BUFFER = 65_536;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static NrpePacket query(int version, String command) {
        return new NrpePacket(version, QUERY, 0, command);
    }

    public byte[] encode() {
        byte[] text = this.text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b;
        if (version == 2) {
            if (text.length >= V2_BUFFER) {
                throw new IllegalArgumentException("an NRPE v2 query holds at most " + (V2_BUFFER - 1) + " bytes");
            }
            b = ByteBuffer.allocate(V2_SIZE);
            b.putShort((short) 2).putShort((short) type).putInt(0).putShort((short) resultCode);
            byte[] buffer = new byte[V2_BUFFER + 2];
            RANDOM.nextBytes(buffer); // as check_nrpe does: the padding after the NUL says nothing about the query
            System.arraycopy(text, 0, buffer, 0, text.length);
            buffer[text.length] = 0;
            b.put(buffer);
        } else {
            int length = text.length + 1;
            b = ByteBuffer.allocate(V3_HEADER + length + (version == 3 ? 3 : 0));
            b.putShort((short) version).putShort((short) type).putInt(0).putShort((short) resultCode).putShort((short) 0)
                    .putInt(length).put(text).put((byte) 0);
        }
        byte[] out = b.array();
        CRC32 crc = new CRC32();
        crc.update(out);
        ByteBuffer.wrap(out).putInt(4, (int) crc.getValue());
        return out;
    }

    /** Reads one packet of any version; a bad CRC or an absurd length is an {@link IOException}. */
    public static NrpePacket read(InputStream in) throws IOException {
        DataInputStream d = new DataInputStream(in);
        byte[] head = new byte[10];
        try {
            d.readFully(head);
        } catch (EOFException e) {
            throw new EOFException("the NRPE server closed the connection without an answer");
        }
        ByteBuffer h = ByteBuffer.wrap(head);
        int version = h.getShort();
        int type = h.getShort();
        int crc = h.getInt();
        int result = h.getShort();
        byte[] whole;
        int textStart;
        int textEnd;
        if (version == 2) {
            whole = new byte[V2_SIZE];
            System.arraycopy(head, 0, whole, 0, 10);
            d.readFully(whole, 10, V2_SIZE - 10);
            textStart = 10;
            textEnd = 10 + V2_BUFFER;
        } else if (version == 3 || version == 4) {
            byte[] rest = new byte[6];
            d.readFully(rest);
            int length = ByteBuffer.wrap(rest).getInt(2);
            if (length < 0 || length > MAX_BUFFER) {
                throw new IOException("the NRPE answer claims a buffer of " + length + " bytes");
            }
            whole = new byte[V3_HEADER + length];
            System.arraycopy(head, 0, whole, 0, 10);
            System.arraycopy(rest, 0, whole, 10, 6);
            d.readFully(whole, V3_HEADER, length);
            textStart = V3_HEADER;
            textEnd = whole.length;
        } else {
            throw new IOException("not an NRPE answer (packet version " + version + ")");
        }
        ByteBuffer.wrap(whole).putInt(4, 0);
        CRC32 c = new CRC32();
        c.update(whole);
        // Version 3 servers computed the CRC over 3 bytes beyond the buffer that they may not send: only v2 and v4 are checked.
        if (version != 3 && (int) c.getValue() != crc) {
            throw new IOException("the NRPE answer's checksum is wrong");
        }
        int end = textStart;
        while (end < textEnd && whole[end] != 0) {
            end++;
        }
        return new NrpePacket(version, type, result, new String(whole, textStart, end - textStart, StandardCharsets.UTF_8));
    }
}
