package dev.vigil.logs.input;

import dev.vigil.core.text.LogText;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A syslog server: UDP (RFC 5426), TCP with octet-counting or newline framing (RFC 6587, told apart by the
 * first byte of each frame), and optionally TLS (RFC 5425). Each message is parsed (RFC 3164 or 5424),
 * normalised to a BSD line for the decoders, and tagged with the sender's address. TCP senders are slowed
 * when the pipeline is full; UDP datagrams that do not fit are counted as dropped, and so are those the
 * kernel dropped before Vigil could read them.
 *
 * <p>Nothing a sender writes can stop a listener: a message that cannot be parsed is kept whole with a
 * marker and counted, and any failure inside one message ends at most that message (UDP) or that
 * connection (TCP). Idle connections time out and each address may hold only so many, so a few senders
 * cannot lock out the rest.
 */
public final class SyslogInput implements LogInput {
    private static final Logger log = LoggerFactory.getLogger(SyslogInput.class);
    /** What a line that could not be parsed starts with in the index (the raw message follows). */
    public static final String UNPARSEABLE = "[unparseable syslog] ";
    /** What a line whose timestamp could not be believed ends with (the receive time stands in for it). */
    public static final String BAD_TIME = " [syslog timestamp out of range; receive time used]";
    private static final int MAX_CONNECTIONS = 512;
    /** Asked of the kernel for UDP: a burst waits there while the pipeline catches up (capped by net.core.rmem_max). */
    private static final int UDP_RECEIVE_BUFFER = 8 * 1024 * 1024;

    /**
     * Where to listen; a port of -1 turns that transport off (0 picks a free port). {@code tls} null means
     * plain TCP. {@code idleTimeout} closes TCP connections that send nothing for that long;
     * {@code maxPerAddress} bounds the connections one sender address may hold.
     */
    public record Settings(String bind, int udpPort, int tcpPort, SSLContext tls, int maxMessage, Duration idleTimeout,
                           int maxPerAddress) {
        public Settings(String bind, int udpPort, int tcpPort, SSLContext tls, int maxMessage) {
            this(bind, udpPort, tcpPort, tls, maxMessage, Duration.ofMinutes(5), 64);
        }
    }

    private final Settings settings;
    private final SyslogParser parser;
    private final InstantSource clock;
    private final ZoneId zone;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unparseable = new AtomicLong();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final List<Thread> listeners = new ArrayList<>();
    private volatile boolean running;
    private volatile String problem;
    private volatile int udpPort = -1;
    private DatagramChannel udp;
    private ServerSocket tcp;

    public SyslogInput(Settings settings, ZoneId zone, InstantSource clock) {
        this.settings = settings;
        this.zone = zone;
        this.clock = clock;
        this.parser = new SyslogParser(zone, clock);
    }

    public Settings settings() {
        return settings;
    }

    @Override
    public String name() {
        return "syslog " + settings.bind() + (settings.udpPort() >= 0 ? " udp/" + settings.udpPort() : "")
                + (settings.tcpPort() >= 0 ? (settings.tls() != null ? " tls/" : " tcp/") + settings.tcpPort() : "");
    }

    @Override
    public String problem() {
        return problem;
    }

    /** Datagrams dropped: by Vigil when the pipeline was full, and by the kernel when its buffer was. */
    @Override
    public long dropped() {
        return dropped.get() + KernelUdpDrops.forPort(udpPort);
    }

    @Override
    public long unparseable() {
        return unparseable.get();
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
                udp.setOption(StandardSocketOptions.SO_RCVBUF, UDP_RECEIVE_BUFFER);
                udp.bind(new InetSocketAddress(bind, settings.udpPort()));
                udpPort = udp.socket().getLocalPort();
                listeners.add(Thread.ofVirtual().name("syslog-udp").start(() -> guarded("UDP", () -> udpLoop(sink))));
            }
            if (settings.tcpPort() >= 0) {
                tcp = settings.tls() != null ? settings.tls().getServerSocketFactory().createServerSocket() : new ServerSocket();
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(bind, settings.tcpPort()));
                listeners.add(Thread.ofVirtual().name("syslog-tcp").start(() -> guarded("TCP", () -> acceptLoop(sink))));
            }
        } catch (IOException | RuntimeException e) {
            problem = "cannot listen for syslog on " + settings.bind() + ": " + e.getMessage();
            log.warn(problem);
            closeSockets();
        }
    }

    /** A listener that ends while it should run leaves a reason: the dashboard, /healthz and an event say so. */
    private void guarded(String transport, Runnable loop) {
        try {
            loop.run();
        } catch (Throwable t) { // even an Error: the reason must be visible, not a silently dead thread
            problem = "syslog " + transport + " listener stopped: " + t.getClass().getSimpleName();
            log.error(problem);
        }
    }

    private void udpLoop(Sink sink) {
        ByteBuffer buf = ByteBuffer.allocate(65_536);
        while (running) {
            InetSocketAddress from;
            try {
                buf.clear();
                from = (InetSocketAddress) udp.receive(buf);
            } catch (IOException e) {
                if (running) {
                    problem = "syslog UDP: " + e.getMessage();
                }
                return;
            }
            buf.flip();
            int n = Math.min(buf.remaining(), max());
            String raw = LineReader.decode(buf.array(), 0, n) + (buf.remaining() > n ? " [truncated " + (buf.remaining() - n) + " bytes]" : "");
            if (!sink.offer(line(raw, from.getAddress()))) {
                dropped.incrementAndGet();
            }
        }
    }

    private void acceptLoop(Sink sink) {
        while (running) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (running) {
                    problem = "syslog TCP: " + e.getMessage();
                }
                return;
            }
            InetAddress from = s.getInetAddress();
            AtomicInteger mine = perAddress.computeIfAbsent(from, a -> new AtomicInteger());
            if (connections.size() >= MAX_CONNECTIONS || mine.incrementAndGet() > settings.maxPerAddress()) {
                mine.decrementAndGet();
                closeQuietly(s); // a connection flood cannot exhaust threads, and one sender cannot take every slot
                continue;
            }
            connections.add(s);
            Thread.ofVirtual().name("syslog-conn").start(() -> {
                try {
                    connection(s, sink);
                } catch (RuntimeException e) {
                    log.warn("syslog connection from {} ended: {}", from.getHostAddress(), e.getClass().getSimpleName());
                } finally {
                    connections.remove(s);
                    if (mine.decrementAndGet() <= 0) {
                        perAddress.remove(from, mine);
                    }
                    closeQuietly(s);
                }
            });
        }
    }

    private void connection(Socket s, Sink sink) {
        InetAddress from = s.getInetAddress();
        try (s; InputStream in = new BufferedInputStream(s.getInputStream())) {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idleTimeout().toMillis()));
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
        } catch (SocketTimeoutException e) {
            log.debug("syslog connection from {} idle for {}; closed", from.getHostAddress(), settings.idleTimeout());
        } catch (IOException e) {
            log.debug("syslog connection from {} ended: {}", from.getHostAddress(), LogText.safe(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One message as a line for the pipeline; one that cannot be read is kept whole, marked and counted. */
    private LogLine line(String raw, InetAddress from) {
        var received = clock.instant();
        String sender = from.getHostAddress();
        String text;
        try {
            SyslogMessage m = parser.parse(raw);
            text = m.toLine(zone, received, sender);
            if (!m.saneTime()) {
                unparseable.incrementAndGet();
                text = text + BAD_TIME;
            }
        } catch (RuntimeException e) {
            unparseable.incrementAndGet();
            text = UNPARSEABLE + raw;
        }
        return new LogLine(text, "syslog", sender, received, null);
    }

    private int max() {
        return settings.maxMessage() > 0 ? settings.maxMessage() : LineReader.DEFAULT_MAX;
    }

    /**
     * Closes the listeners and waits until their threads have let go of the sockets, so that the same ports
     * can be bound again at once (a reload that changed another setting).
     */
    @Override
    public void close() {
        running = false;
        closeSockets();
        for (Socket s : connections) {
            closeQuietly(s);
        }
        for (Thread t : listeners) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void closeSockets() {
        try {
            if (udp != null) {
                udp.close();
            }
        } catch (IOException ignored) {
            // closing a listener cannot lose stored data
        }
        try {
            if (tcp != null) {
                tcp.close();
            }
        } catch (IOException ignored) {
            // as above
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the peer is gone either way
        }
    }
}
