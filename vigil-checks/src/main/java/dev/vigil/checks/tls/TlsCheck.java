package dev.vigil.checks.tls;

import dev.vigil.checks.Check;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.PerfValue;
import dev.vigil.checks.ServiceState;
import dev.vigil.core.config.Durations;
import dev.vigil.core.config.Section;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A TLS endpoint's certificate and protocol, as {@code check_ssl_cert} judges them: the chain against the trusted
 * CAs, the host name against the certificate, the days left (WARNING under 21, CRITICAL under 7 by default), and
 * the protocol version negotiated (CRITICAL below {@code min_protocol}). Everything is looked at in one handshake,
 * so an untrusted chain still reports its expiry.
 */
public final class TlsCheck implements Check {
    private static final List<String> PROTOCOLS = List.of("SSLv3", "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    /**
     * @param serverName the name sent (SNI) and matched against the certificate; default the address
     * @param ca PEM file of the CAs to trust instead of the system's (a private CA), or null
     */
    public record Config(String address, int port, String serverName, int warningDays, int criticalDays, String minProtocol,
                         Path ca, boolean verify) {
        public static Config read(Section s) {
            String address = s.required("address", "a host name or IP address to connect to");
            int port = s.integer("port", 443, 1, 65535);
            String name = s.string("server_name", address);
            int warning = s.integer("warning_days", 21, 0, 3650);
            int critical = s.integer("critical_days", 7, 0, 3650);
            String min = s.string("min_protocol", "TLSv1.2");
            if (!PROTOCOLS.contains(min)) {
                s.error("min_protocol", "'min_protocol' must be one of " + String.join(", ", PROTOCOLS));
            }
            String ca = s.string("ca", null);
            if (ca != null && !Files.isReadable(Path.of(ca))) {
                s.error("ca", "'ca' must be a readable PEM file of CA certificates, found '" + ca + "'");
            }
            boolean verify = s.bool("verify", true);
            return address.isEmpty() ? null : new Config(address, port, name, warning, critical, min, ca == null ? null : Path.of(ca), verify);
        }
    }

    private final Config config;
    private final InstantSource clock;

    public TlsCheck(Config config, InstantSource clock) {
        this.config = config;
        this.clock = clock;
    }

    @Override
    public CheckResult run(Duration timeout) {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        String where = config.serverName() + (config.port() == 443 ? "" : ":" + config.port());
        Judge judge;
        try {
            judge = new Judge(trusted());
        } catch (IOException | GeneralSecurityException e) {
            return CheckResult.line("TLS", ServiceState.UNKNOWN, "cannot read the trusted CAs: " + e.getMessage(), List.of());
        }
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(config.address(), config.port()), millis);
            plain.setSoTimeout(millis);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {judge}, null);
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, config.serverName(), config.port(), false)) {
                SSLParameters p = socket.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!config.serverName().matches("[0-9.:\\[\\]]+")) {
                    p.setServerNames(List.of(new SNIHostName(config.serverName())));
                }
                socket.setSSLParameters(p);
                socket.startHandshake();
                return judge.result(where, socket.getSession().getProtocol(), clock.instant());
            }
        } catch (UnknownHostException e) {
            return CheckResult.line("TLS", ServiceState.UNKNOWN, "cannot resolve " + config.address(), List.of());
        } catch (ConnectException e) {
            return CheckResult.line("TLS", ServiceState.CRITICAL, "Connection refused on " + where, List.of());
        } catch (SocketTimeoutException e) {
            return CheckResult.line("TLS", ServiceState.CRITICAL, "no TLS handshake within " + Durations.format(timeout) + " on " + where,
                    List.of());
        } catch (IOException | GeneralSecurityException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return CheckResult.line("TLS", ServiceState.CRITICAL, "TLS handshake failed on " + where + ": " + why, List.of());
        }
    }

    /** The CAs to judge the chain by: the configured file, or the JDK's (the system's) trust store. */
    private X509ExtendedTrustManager trusted() throws IOException, GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (config.ca() == null) {
            f.init((KeyStore) null);
        } else {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            try (InputStream in = Files.newInputStream(config.ca())) {
                int i = 0;
                for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("ca" + i++, c);
                }
            }
            f.init(ks);
        }
        for (TrustManager tm : f.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /**
     * Takes the server's chain and notes what is wrong with it instead of ending the handshake, so one look tells
     * everything: an untrusted chain, a name that does not match, and the days left.
     */
    private final class Judge extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager trusted;
        private X509Certificate[] chain;
        private String chainProblem;
        private String nameProblem;

        Judge(X509ExtendedTrustManager trusted) {
            this.trusted = trusted;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            this.chain = chain;
            try {
                trusted.checkServerTrusted(chain, authType); // the chain alone
            } catch (CertificateException e) {
                chainProblem = reason(e);
                return;
            }
            try {
                trusted.checkServerTrusted(chain, authType, socket); // and now with the name
            } catch (CertificateException e) {
                nameProblem = reason(e);
            }
        }

        CheckResult result(String where, String protocol, Instant now) {
            if (chain == null || chain.length == 0) {
                return CheckResult.line("TLS", ServiceState.CRITICAL, "no certificate from " + where, List.of());
            }
            X509Certificate leaf = chain[0];
            Instant notAfter = leaf.getNotAfter().toInstant();
            long days = Math.floorDiv(Duration.between(now, notAfter).toSeconds(), 86_400);
            ServiceState state = ServiceState.OK;
            List<String> problems = new ArrayList<>();
            if (!notAfter.isAfter(now)) {
                state = ServiceState.CRITICAL;
                problems.add("certificate expired " + LocalDate.ofInstant(notAfter, ZoneOffset.UTC));
            } else if (days < config.criticalDays()) {
                state = ServiceState.CRITICAL;
                problems.add("certificate expires in " + days + " days");
            } else if (days < config.warningDays()) {
                state = ServiceState.WARNING;
                problems.add("certificate expires in " + days + " days");
            }
            if (config.verify() && chainProblem != null) {
                state = ServiceState.CRITICAL;
                problems.add("chain not trusted (" + chainProblem + ")");
            }
            if (config.verify() && nameProblem != null) {
                state = ServiceState.CRITICAL;
                problems.add("certificate does not match " + config.serverName());
            }
            if (PROTOCOLS.indexOf(protocol) >= 0 && PROTOCOLS.indexOf(protocol) < PROTOCOLS.indexOf(config.minProtocol())) {
                state = ServiceState.CRITICAL;
                problems.add(protocol + " negotiated, below " + config.minProtocol());
            }
            String issuer = cn(leaf.getIssuerX500Principal().getName());
            String summary = where + ": " + (problems.isEmpty() ? "" : String.join(", ", problems) + "; ")
                    + "certificate valid until " + LocalDate.ofInstant(notAfter, ZoneOffset.UTC) + " (" + days + " days), issued by "
                    + issuer + ", " + protocol;
            return CheckResult.line("TLS", state, summary, List.of(new PerfValue("days", (double) days, "",
                    String.valueOf(config.warningDays()) + ":", String.valueOf(config.criticalDays()) + ":", null, null)));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("sockets only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("sockets only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a check is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a check is never a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a check is never a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return trusted.getAcceptedIssuers();
        }
    }

    /** The common name of the issuer, or its whole name. */
    private static String cn(String dn) {
        for (String part : dn.split(",")) {
            if (part.strip().startsWith("CN=")) {
                return part.strip().substring(3);
            }
        }
        return dn;
    }

    private static String reason(CertificateException e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 160 ? m.substring(0, 160) + "…" : m;
    }

    @Override
    public Optional<String> target() {
        return Optional.of(config.address());
    }
}
