package dev.vigil.checks.nrpe;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PluginOutput;
import dev.vigil.checks.ServiceState;
import dev.vigil.core.config.Section;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.tls.TlsClientProtocol;

/**
 * Asks an NRPE server to run one of its commands, as Nagios' {@code check_nrpe} does, and reports the plugin's
 * output and exit code as its own. Speaks packet version 4 (NRPE 3/4) and falls back to version 2 for older
 * servers, as {@code check_nrpe} does. TLS as the server is set up: {@code anonymous} (Diffie-Hellman without
 * certificates: what Debian's {@code nagios-nrpe-server} does out of the box), {@code certificate} (the server's
 * certificate checked against {@code ca}, with an optional client certificate), or {@code none} ({@code nrpe -n}).
 */
public final class NrpeCheck implements Check {
    public enum Tls { ANONYMOUS, CERTIFICATE, NONE }

    /** @param packet 4 (falling back to 2 when the server drops it), or 2 only, as {@code check_nrpe -2} */
    public record Config(String address, int port, String command, List<String> args, Tls tls, Path ca, Path cert, Path key,
                         int packet) {
        public Config {
            if (address == null || address.isBlank()) {
                throw new IllegalArgumentException("missing address");
            }
            if (command == null || !command.matches("[A-Za-z0-9_.-]{1,128}")) {
                throw new IllegalArgumentException("'command' must be an NRPE command name such as check_load");
            }
            args = List.copyOf(args);
            for (String a : args) {
                // NRPE separates arguments with '!': one inside an argument would smuggle another in.
                if (a.contains("!") || a.contains("\0")) {
                    throw new IllegalArgumentException("NRPE arguments cannot contain '!'");
                }
            }
            if (packet != 2 && packet != 4) {
                throw new IllegalArgumentException("'packet' must be 2 or 4");
            }
            if (tls == Tls.CERTIFICATE && ca == null) {
                throw new IllegalArgumentException("tls: certificate needs 'ca' (the CA file the NRPE server's certificate comes from)");
            }
        }

        public static Config read(Section s) {
            String address = s.required("address", "the NRPE server's host name or address");
            int port = s.integer("port", 5666, 1, 65535);
            String command = s.required("command", "the NRPE command to run, e.g. check_load");
            List<String> args = s.strings("args");
            Tls tls = s.choice("tls", Tls.class, Tls.ANONYMOUS);
            Path ca = s.string("ca").map(Path::of).orElse(null);
            Path cert = s.string("cert").map(Path::of).orElse(null);
            Path key = s.string("key").map(Path::of).orElse(null);
            int packet = s.integer("packet", 4, 2, 4);
            if (address.isEmpty() || command.isEmpty()) {
                return null;
            }
            return new Config(address, port, command, args, tls, ca, cert, key, packet);
        }
    }

    private final Config config;

    public NrpeCheck(Config config) {
        this.config = config;
    }

    @Override
    public Optional<String> target() {
        return Optional.of(config.address());
    }

    @Override
    public CheckResult run(Duration timeout) {
        String query = config.args().isEmpty() ? config.command() : config.command() + "!" + String.join("!", config.args());
        try {
            NrpePacket answer;
            try {
                answer = ask(NrpePacket.query(config.packet(), query), timeout);
            } catch (IOException e) {
                if (config.packet() == 2) {
                    throw e;
                }
                if (e instanceof SocketTimeoutException || e instanceof UnknownHostException || e instanceof java.net.ConnectException) {
                    throw e;
                }
                answer = ask(NrpePacket.query(2, query), timeout); // an NRPE 2 server drops a v4 query: ask as check_nrpe -2 does
            }
            if (answer.type() != NrpePacket.RESPONSE) {
                return CheckResult.unknown("NRPE: the server sent a packet of type " + answer.type() + ", not a response");
            }
            PluginOutput out = PluginOutput.parse(answer.text());
            return new CheckResult(ServiceState.ofExitCode(answer.resultCode()), out.output(), out.longOutput(), out.perfdata());
        } catch (UnknownHostException e) {
            return CheckResult.of(ServiceState.CRITICAL, "NRPE: cannot resolve " + config.address());
        } catch (SocketTimeoutException e) {
            return CheckResult.of(ServiceState.CRITICAL, "NRPE: no answer from " + config.address() + ":" + config.port()
                    + " within " + timeout.toSeconds() + "s");
        } catch (java.net.ConnectException e) {
            return CheckResult.of(ServiceState.CRITICAL, "NRPE: connection refused by " + config.address() + ":" + config.port());
        } catch (IOException e) {
            return CheckResult.of(ServiceState.CRITICAL, "NRPE: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof javax.net.ssl.SSLException || e instanceof org.bouncycastle.tls.TlsFatalAlert
                || e.getClass().getName().contains("Tls")) {
            return "TLS handshake failed (" + m + "); does the server's tls setting match (anonymous, certificate or none)?";
        }
        return m;
    }

    private NrpePacket ask(NrpePacket query, Duration timeout) throws IOException {
        int ms = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(config.address(), config.port()), ms);
            raw.setSoTimeout(ms);
            InputStream in;
            OutputStream out;
            Socket tls = null;
            TlsClientProtocol anonymous = null;
            switch (config.tls()) {
                case NONE -> {
                    in = raw.getInputStream();
                    out = raw.getOutputStream();
                }
                case ANONYMOUS -> {
                    anonymous = new TlsClientProtocol(raw.getInputStream(), raw.getOutputStream());
                    anonymous.connect(AnonymousTls.client());
                    in = anonymous.getInputStream();
                    out = anonymous.getOutputStream();
                }
                case CERTIFICATE -> {
                    SSLSocket s = (SSLSocket) NrpeTls.context(config.ca(), config.cert(), config.key()).getSocketFactory()
                            .createSocket(raw, config.address(), config.port(), true);
                    s.startHandshake();
                    tls = s;
                    in = s.getInputStream();
                    out = s.getOutputStream();
                }
                default -> throw new IllegalStateException();
            }
            try {
                out.write(query.encode());
                out.flush();
                return NrpePacket.read(in);
            } finally {
                if (anonymous != null) {
                    anonymous.close();
                }
                if (tls != null) {
                    tls.close();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "nrpe " + config.address().toLowerCase(Locale.ROOT) + ":" + config.port() + " " + config.command();
    }
}
