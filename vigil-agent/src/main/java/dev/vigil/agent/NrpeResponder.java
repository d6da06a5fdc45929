package dev.vigil.agent;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.exec.ExecCheck;
import dev.vigil.checks.exec.Words;
import dev.vigil.checks.nrpe.AnonymousTls;
import dev.vigil.checks.nrpe.NrpePacket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.tls.TlsServerProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent answering NRPE requests for an existing Nagios ({@code vigil agent --nrpe HOST:PORT}, off by default), so
 * it can replace {@code nrpe} on a server: the commands, {@code allowed_hosts} and {@code dont_blame_nrpe} come from
 * an {@code nrpe.cfg} as NRPE reads it; TLS with anonymous Diffie-Hellman as NRPE's default (or none, as {@code nrpe
 * -n}); packet versions 2, 3 and 4, answered in the version asked. Commands run as a list, never through a shell.
 */
public final class NrpeResponder implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NrpeResponder.class);
    private static final Pattern COMMAND = Pattern.compile("command\\[([^\\]]+)]=(.*)");
    /**
     * What NRPE refuses in arguments (its NASTY_METACHARS), and {@code $()} besides: no shell is involved here, but a
     * plugin that hands an argument to one must not get them either.
     */
    private static final String NASTY = "|`&><'\"\\[]{};!$()\r\n";
    private static final int MAX_CONNECTIONS = 32;

    /**
     * The commands and who may ask, as an nrpe.cfg gives them, and its TLS files: with {@code ssl_cert_file} and
     * {@code ssl_privatekey_file} NRPE answers with that certificate (else with anonymous Diffie-Hellman), and
     * {@code ssl_client_certs} (0 don't ask, 1 ask, 2 require) asks clients for one from {@code ssl_cacert_file}.
     */
    public record Config(Map<String, List<String>> commands, List<String> allowedHosts, boolean arguments, Duration timeout,
                         Path sslCert, Path sslKey, Path sslCa, int clientCerts) {
        public Config(Map<String, List<String>> commands, List<String> allowedHosts, boolean arguments, Duration timeout) {
            this(commands, allowedHosts, arguments, timeout, null, null, null, 0);
        }

        public static Config read(Path file) throws IOException {
            Map<String, List<String>> commands = new LinkedHashMap<>();
            List<String> allowed = new ArrayList<>();
            boolean[] args = {false};
            long[] timeout = {60};
            Map<String, String> ssl = new LinkedHashMap<>();
            read(file, commands, allowed, args, timeout, ssl, 0);
            int clientCerts;
            try {
                clientCerts = Integer.parseInt(ssl.getOrDefault("ssl_client_certs", "0"));
            } catch (NumberFormatException e) {
                throw new IOException("ssl_client_certs must be 0, 1 or 2 in " + file);
            }
            Path cert = ssl.containsKey("ssl_cert_file") ? Path.of(ssl.get("ssl_cert_file")) : null;
            Path key = ssl.containsKey("ssl_privatekey_file") ? Path.of(ssl.get("ssl_privatekey_file")) : null;
            Path ca = ssl.containsKey("ssl_cacert_file") ? Path.of(ssl.get("ssl_cacert_file")) : null;
            if ((cert == null) != (key == null)) {
                throw new IOException("ssl_cert_file and ssl_privatekey_file go together (" + file + ")");
            }
            if (clientCerts > 0 && (cert == null || ca == null)) {
                throw new IOException("ssl_client_certs needs ssl_cert_file, ssl_privatekey_file and ssl_cacert_file (" + file + ")");
            }
            return new Config(commands, allowed, args[0], Duration.ofSeconds(timeout[0]), cert, key, ca, Math.max(0, Math.min(2, clientCerts)));
        }

        private static final List<String> SSL_KEYS = List.of("ssl_cert_file", "ssl_privatekey_file", "ssl_cacert_file", "ssl_client_certs");

        private static void read(Path file, Map<String, List<String>> commands, List<String> allowed, boolean[] args, long[] timeout,
                                 Map<String, String> ssl, int depth) throws IOException {
            if (depth > 8) {
                throw new IOException("nrpe.cfg includes nest too deep at " + file);
            }
            for (String raw : Files.readAllLines(file)) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                Matcher m = COMMAND.matcher(line);
                if (m.matches()) {
                    commands.put(m.group(1), Words.split(m.group(2)));
                } else if (line.startsWith("allowed_hosts=")) {
                    for (String h : line.substring("allowed_hosts=".length()).split(",")) {
                        if (!h.isBlank()) {
                            allowed.add(h.strip());
                        }
                    }
                } else if (line.startsWith("dont_blame_nrpe=")) {
                    args[0] = line.endsWith("=1");
                } else if (line.contains("=") && SSL_KEYS.contains(line.substring(0, line.indexOf('=')).strip())) {
                    ssl.put(line.substring(0, line.indexOf('=')).strip(), line.substring(line.indexOf('=') + 1).strip());
                } else if (line.startsWith("command_timeout=")) {
                    timeout[0] = Long.parseLong(line.substring("command_timeout=".length()).strip());
                } else if (line.startsWith("include=")) {
                    Path inc = Path.of(line.substring("include=".length()).strip());
                    if (Files.isRegularFile(inc)) {
                        read(inc, commands, allowed, args, timeout, ssl, depth + 1);
                    }
                } else if (line.startsWith("include_dir=")) {
                    Path dir = Path.of(line.substring("include_dir=".length()).strip());
                    if (Files.isDirectory(dir)) {
                        try (var files = Files.list(dir)) {
                            for (Path f : files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList()) {
                                read(f, commands, allowed, args, timeout, ssl, depth + 1);
                            }
                        }
                    }
                }
            }
        }
    }

    private final Config config;
    private final boolean tls;
    /** With nrpe.cfg's certificate: the JDK's TLS with it; null: anonymous Diffie-Hellman (or none). */
    private final javax.net.ssl.SSLContext certificates;
    private final ServerSocket server;
    private final Semaphore slots = new Semaphore(MAX_CONNECTIONS);
    private volatile boolean running = true;

    /**
     * Listens on {@code host:port}; {@code tls} false answers in clear, as {@code nrpe -n}. A certificate that does not
     * load is an error here, before anything listens.
     */
    public NrpeResponder(Config config, String host, int port, boolean tls) throws IOException {
        this.config = config;
        this.tls = tls;
        this.certificates = tls && config.sslCert() != null
                ? dev.vigil.checks.nrpe.NrpeTls.context(config.sslCa(), config.sslCert(), config.sslKey()) : null;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(host, port));
        Thread.ofPlatform().name("agent-nrpe").daemon().start(this::accept);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (running) {
            try {
                Socket s = server.accept();
                if (!allowed(s.getInetAddress())) {
                    log.warn("NRPE request from {} refused: not in allowed_hosts", s.getInetAddress().getHostAddress());
                    s.close();
                    continue;
                }
                if (!slots.tryAcquire()) {
                    s.close(); // too many at once: a flood does not start a thread each
                    continue;
                }
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        answer(s);
                    } catch (IOException | RuntimeException e) {
                        log.debug("NRPE connection: {}", e.toString());
                    } finally {
                        slots.release();
                    }
                });
            } catch (IOException e) {
                if (running) {
                    log.warn("NRPE listener: {}", e.getMessage());
                }
            }
        }
    }

    private boolean allowed(InetAddress from) {
        if (config.allowedHosts().isEmpty()) {
            return from.isLoopbackAddress();
        }
        for (String h : config.allowedHosts()) {
            try {
                if (h.contains("/")) {
                    String[] p = h.split("/", 2);
                    if (inRange(from, InetAddress.getByName(p[0]), Integer.parseInt(p[1]))) {
                        return true;
                    }
                } else {
                    for (InetAddress a : InetAddress.getAllByName(h)) {
                        if (a.equals(from)) {
                            return true;
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // a name that does not resolve allows no one
            }
        }
        return false;
    }

    private static boolean inRange(InetAddress a, InetAddress net, int bits) {
        byte[] x = a.getAddress();
        byte[] y = net.getAddress();
        if (x.length != y.length) {
            return false;
        }
        for (int i = 0; i < x.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((x[i] & mask) != (y[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private void answer(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        InputStream in;
        OutputStream out;
        TlsServerProtocol protocol = null;
        javax.net.ssl.SSLSocket secured = null;
        if (tls && certificates != null) {
            secured = (javax.net.ssl.SSLSocket) certificates.getSocketFactory().createSocket(s, null, s.getPort(), true);
            secured.setUseClientMode(false);
            secured.setNeedClientAuth(config.clientCerts() == 2);
            if (config.clientCerts() == 1) {
                secured.setWantClientAuth(true);
            }
            secured.startHandshake();
            in = secured.getInputStream();
            out = secured.getOutputStream();
        } else if (tls) {
            protocol = new TlsServerProtocol(s.getInputStream(), s.getOutputStream());
            protocol.accept(AnonymousTls.server());
            in = protocol.getInputStream();
            out = protocol.getOutputStream();
        } else {
            in = s.getInputStream();
            out = s.getOutputStream();
        }
        try {
            NrpePacket query = NrpePacket.read(in);
            int version = query.version();
            NrpePacket reply;
            if (query.type() != NrpePacket.QUERY) {
                reply = new NrpePacket(version, NrpePacket.RESPONSE, 3, "NRPE: not a query packet");
            } else {
                CheckResult r = run(query.text());
                reply = new NrpePacket(version, NrpePacket.RESPONSE, r.state().exitCode(), r.statusLine()
                        + (r.longOutput().isEmpty() ? "" : "\n" + r.longOutput()));
            }
            out.write(reply.encode());
            out.flush();
        } finally {
            if (protocol != null) {
                protocol.close();
            }
            if (secured != null) {
                secured.close();
            }
        }
    }

    /** Runs {@code name!arg1!arg2} as the config defines it; unknown commands and refused arguments are UNKNOWN, as NRPE says. */
    CheckResult run(String query) {
        String[] parts = query.split("!", -1);
        String name = parts[0];
        if (name.equals("_NRPE_CHECK")) {
            return CheckResult.of(dev.vigil.checks.ServiceState.OK, "NRPE v4.1.0 (Vigil agent " + Agent.VERSION + ")");
        }
        List<String> command = config.commands().get(name);
        if (command == null) {
            return CheckResult.unknown("NRPE: Command '" + name + "' not defined");
        }
        List<String> args = List.of(parts).subList(1, parts.length);
        if (!args.isEmpty() && !config.arguments()) {
            return CheckResult.unknown("NRPE: Command arguments are disabled (dont_blame_nrpe=0)");
        }
        for (String a : args) {
            if (a.chars().anyMatch(c -> NASTY.indexOf(c) >= 0)) {
                return CheckResult.unknown("NRPE: Request contained illegal metachars");
            }
        }
        List<String> argv = new ArrayList<>();
        for (String word : command) {
            String w = word;
            for (int i = args.size(); i >= 1; i--) {
                w = w.replace("$ARG" + i + "$", args.get(i - 1));
            }
            argv.add(w);
        }
        try {
            return new ExecCheck(new ExecCheck.Config(argv)).run(config.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.unknown("NRPE: interrupted");
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            server.close();
        } catch (IOException e) {
            // closing
        }
    }
}
