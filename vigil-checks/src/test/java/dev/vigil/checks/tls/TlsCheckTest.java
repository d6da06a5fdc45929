package dev.vigil.checks.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.ServiceState;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tls check against TLS servers on loopback with certificates of chosen names and dates, from a CA of the test's
 * own: the JDK's TLS as a server, and Debian's {@code openssl s_server}.
 */
class TlsCheckTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @TempDir
    Path dir;

    private final List<AutoCloseable> servers = new ArrayList<>();
    private KeyPair caKey;
    private X509Certificate ca;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    private Path ca() throws Exception {
        if (ca == null) {
            caKey = keys();
            X500Name name = new X500Name("CN=Vigil Test CA");
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(NOW.minus(Duration.ofDays(365))),
                    Date.from(NOW.plus(Duration.ofDays(3650))), name, caKey.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            ca = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        }
        Path file = dir.resolve("ca.pem");
        Files.writeString(file, pem(ca));
        return file;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    /** A leaf for {@code shop.test} and 127.0.0.1, signed by the test CA, valid until {@code now + days}. */
    private record Leaf(KeyPair key, X509Certificate cert) {}

    private Leaf leaf(Duration validFor) throws Exception {
        ca();
        KeyPair key = keys();
        var b = new JcaX509v3CertificateBuilder(new X500Name("CN=Vigil Test CA"), BigInteger.valueOf(System.nanoTime()),
                Date.from(NOW.minus(Duration.ofDays(400))), Date.from(NOW.plus(validFor)), new X500Name("CN=shop.test"), key.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "shop.test"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate())));
        return new Leaf(key, cert);
    }

    /** The JDK's TLS serving the leaf (and the CA) on loopback, with only these protocols. */
    private int serve(Leaf leaf, String... protocols) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", leaf.key().getPrivate(), new char[0], new X509Certificate[] {leaf.cert(), ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setEnabledProtocols(protocols.length == 0 ? new String[] {"TLSv1.3", "TLSv1.2"} : protocols);
        servers.add(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // the check hung up: next
                }
            }
        });
        return server.getLocalPort();
    }

    private CheckResult check(int port, String serverName, Path caFile, String minProtocol) {
        return new TlsCheck(new TlsCheck.Config("127.0.0.1", port, serverName, 21, 7, minProtocol, caFile, true), InstantSource.system())
                .run(Duration.ofSeconds(5));
    }

    @Test
    void aTrustedCertificateForTheNameWithMonthsLeftIsOkWithItsDaysAsPerfdata() throws Exception {
        int port = serve(leaf(Duration.ofDays(90).plusHours(1)));
        CheckResult r = check(port, "shop.test", ca(), "TLSv1.2");
        assertThat(r.state()).isEqualTo(ServiceState.OK);
        assertThat(r.output()).startsWith("TLS OK - shop.test:" + port + ": certificate valid until ").contains("(90 days), issued by Vigil Test CA, TLSv1.3");
        assertThat(r.perfdata()).singleElement().satisfies(p -> {
            assertThat(p.label()).isEqualTo("days");
            assertThat(p.value()).isEqualTo(90.0);
        });
    }

    @Test
    void expiryIsWarningUnder21DaysCriticalUnder7AndWhenPast() throws Exception {
        assertThat(check(serve(leaf(Duration.ofDays(20).plusHours(1))), "shop.test", ca(), "TLSv1.2").state()).isEqualTo(ServiceState.WARNING);
        CheckResult soon = check(serve(leaf(Duration.ofDays(6).plusHours(1))), "shop.test", ca(), "TLSv1.2");
        assertThat(soon.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(soon.output()).contains("certificate expires in 6 days");
        CheckResult expired = check(serve(leaf(Duration.ofDays(-2))), "shop.test", ca(), "TLSv1.2");
        assertThat(expired.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(expired.output()).contains("certificate expired ");
    }

    @Test
    void anUntrustedChainAWrongNameAndAnOldProtocolAreCriticalAndStillSayTheDaysLeft() throws Exception {
        int port = serve(leaf(Duration.ofDays(90).plusHours(1)));
        CheckResult untrusted = check(port, "shop.test", null, "TLSv1.2"); // the system's CAs do not know the test CA
        assertThat(untrusted.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(untrusted.output()).contains("chain not trusted").contains("(90 days)");
        CheckResult wrongName = check(port, "other.test", ca(), "TLSv1.2");
        assertThat(wrongName.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(wrongName.output()).contains("certificate does not match other.test");
        CheckResult old = check(serve(leaf(Duration.ofDays(90)), "TLSv1.2"), "shop.test", ca(), "TLSv1.3");
        assertThat(old.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(old.output()).contains("TLSv1.2 negotiated, below TLSv1.3");
    }

    @Test
    void aClosedPortIsCritical() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CheckResult r = check(port, "shop.test", ca(), "TLSv1.2");
        assertThat(r.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(r.output()).contains("Connection refused");
    }

    @Test
    void debiansOpensslServerIsJudgedTheSame() throws Exception {
        Leaf leaf = leaf(Duration.ofDays(15).plusHours(1));
        Path cert = dir.resolve("leaf.pem");
        Path key = dir.resolve("leaf.key");
        Files.writeString(cert, pem(leaf.cert()) + pem(ca));
        // PKCS#8 as the JDK encodes it (the curve by name), which OpenSSL reads
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(leaf.key().getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process openssl = new ProcessBuilder("openssl", "s_server", "-accept", "127.0.0.1:" + port, "-cert", cert.toString(), "-key",
                key.toString(), "-tls1_2", "-quiet").redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        servers.add(() -> openssl.destroyForcibly().waitFor(5, TimeUnit.SECONDS));
        CheckResult r = null;
        for (int i = 0; i < 50; i++) { // until it listens
            r = check(port, "shop.test", ca(), "TLSv1.2");
            if (!r.output().contains("Connection refused")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(r.state()).as(r.output() + " openssl: " + Files.readString(dir.resolve("openssl.log"))).isEqualTo(ServiceState.WARNING);
        assertThat(r.output()).contains("certificate expires in 15 days").endsWith("TLSv1.2");
    }
}
