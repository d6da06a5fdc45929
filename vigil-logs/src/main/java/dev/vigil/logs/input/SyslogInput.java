package dev.vigil.logs.input;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A syslog server: UDP (RFC 5426), TCP with octet-counting or newline framing (RFC 6587, told apart by the
 * first byte of each frame), and optionally TLS (RFC 5425). Each message is parsed (RFC 3164 or 5424),
 * normalised to a BSD line for the decoders, and tagged with the sender's address. TCP senders are slowed
 * when the pipeline is full; UDP datagrams that do not fit are counted as dropped.
 */
public final class SyslogInput implements LogInput {
    private static final Logger log = LoggerFactory.getLogger(SyslogInput.class);
    private static final int MAX_CONNECTIONS = 512;

    /** Where to listen; a port of -1 turns that transport off (0 picks a free port). {@code tls} null means plain TCP. */
    public record Settings(String bind, int udpPort, int tcpPort, SSLContext tls, int maxMessage) {}

    private final Settings settings;
    private final SyslogParser parser;
    private final InstantSource clock;
    private final ZoneId zone;
    private final AtomicLong dropped = new AtomicLong();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile String problem;
    private DatagramChannel udp;
    private ServerSocket tcp;

    public SyslogInput(Settings settings, ZoneId zone, InstantSource clock) {
        this.settings = settings;
        this.zone = zone;
        this.clock = clock;
        this.parser = new SyslogParser(zone, clock);
    }

    @Override
    public String name() {
        return "syslog " + settings.bind() + (settings.udpPort() > 0 ? " udp/" + settings.udpPort() : "")
                + (settings.tcpPort() > 0 ? (settings.tls() != null ? " tls/" : " tcp/") + settings.tcpPort() : "");
    }

    @Override
    public String problem() {
        return problem;
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    /** The ports actually bound (useful with port 0 in tests): [udp, tcp]. */
    public int[] ports() {
        return new int[] {udp == null ? -1 : udp.socket().getLocalPort(), tcp == null ? -1 : tcp.getLocalPort()};
    }

    @Override
    public void start(Sink sink) {
        running = true;
        try {
            InetAddress bind = InetAddress.getByName(settings.bind());
            if (settings.udpPort() >= 0) {
                udp = DatagramChannel.open();
                udp.bind(new InetSocketAddress(bind, settings.udpPort()));
                Thread.ofVirtual().name("syslog-udp").start(() -> udpLoop(sink));
            }
            if (settings.tcpPort() >= 0) {
                tcp = settings.tls() != null ? settings.tls().getServerSocketFactory().createServerSocket() : new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(bind, settings.tcpPort()));
                Thread.ofVirtual().name("syslog-tcp").start(() -> acceptLoop(sink));
            }
        } catch (IOException e) {
            problem = "cannot listen for syslog on " + settings.bind() + ": " + e.getMessage();
            log.warn(problem);
        }
    }

    private void udpLoop(Sink sink) {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        while (running) {
            try {
                buf.clear();
                InetSocketAddress from = (InetSocketAddress) udp.receive(buf);
                buf.flip();
                int n = Math.min(buf.remaining(), max());
                String raw = LineReader.decode(buf.array(), 0, n) + (buf.remaining() > n ? " [truncated " + (buf.remaining() - n) + " bytes]" : "");
                if (!sink.offer(line(raw, from.getAddress()))) {
                    dropped.incrementAndGet();
                }
            } catch (IOException e) {
                if (running) {
                    problem = "syslog UDP: " + e.getMessage();
                }
                return;
            }
        }
    }

    private void acceptLoop(Sink sink) {
        while (running) {
            try {
                Socket s = tcp.accept();
                if (connections.size() >= MAX_CONNECTIONS) {
                    s.close(); // a connection flood cannot exhaust threads or memory
                    continue;
                }
                connections.add(s);
                Thread.ofVirtual().name("syslog-conn").start(() -> connection(s, sink));
            } catch (IOException e) {
                if (running) {
                    problem = "syslog TCP: " + e.getMessage();
                }
                return;
            }
        }
    }

    private void connection(Socket s, Sink sink) {
        InetAddress from = s.getInetAddress();
        try (s; InputStream in = new java.io.BufferedInputStream(s.getInputStream())) {
            s.setSoTimeout(0);
            LineReader lines = new LineReader(max());
            while (running) {
                int b = in.read();
                if (b < 0) {
                    String rest = lines.flush();
                    if (rest != null && !rest.isBlank()) {
                        sink.accept(line(rest, from));
                    }
                    return;
                }
                if (lines.pending() == 0 && b >= '1' && b <= '9') {
                    // Octet counting: "LEN SP MESSAGE" (a newline-framed message never starts with a digit: it starts with '<').
                    int len = b - '0';
                    int c;
                    while ((c = in.read()) >= '0' && c <= '9' && len < 100_000_000) {
                        len = len * 10 + (c - '0');
                    }
                    if (c != ' ') {
                        return; // not a frame we can read; drop the connection rather than guess
                    }
                    byte[] msg = in.readNBytes(Math.min(len, max()));
                    long skipped = len > max() ? in.skip(len - max()) : 0;
                    String raw = LineReader.decode(msg, 0, msg.length) + (skipped > 0 ? " [truncated " + skipped + " bytes]" : "");
                    if (!sink.accept(line(raw, from))) {
                        return;
                    }
                    continue;
                }
                String l = lines.push((byte) b);
                if (l != null && !l.isBlank() && !sink.accept(line(l, from))) {
                    return;
                }
            }
        } catch (IOException e) {
            log.debug("syslog connection from {} ended: {}", from, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            connections.remove(s);
        }
    }

    private LogLine line(String raw, InetAddress from) {
        var received = clock.instant();
        SyslogMessage m = parser.parse(raw);
        String sender = from.getHostAddress();
        return new LogLine(m.toLine(zone, received, sender), "syslog", sender, received, null);
    }

    private int max() {
        return settings.maxMessage() > 0 ? settings.maxMessage() : LineReader.DEFAULT_MAX;
    }

    @Override
    public void close() {
        running = false;
        try {
            if (udp != null) {
                udp.close();
            }
            if (tcp != null) {
                tcp.close();
            }
            for (Socket s : connections) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing listeners cannot lose stored data
        }
    }
}
