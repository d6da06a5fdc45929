package dev.vigil.server.http;

import dev.vigil.core.RandomId;
import dev.vigil.logs.SyslogTls;
import dev.vigil.server.config.ServerSettings;
import dev.vigil.server.config.TlsSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The key material for HTTPS: a PEM certificate chain and key as web servers use them (PKCS#8, PKCS#1 or EC
 * keys), or a self-signed certificate that Vigil makes once and keeps under {@code data/tls/}.
 */
public final class TlsKeys {
    /** A key store ready for Jetty, with the settings it came from. */
    public record Material(KeyStore keyStore, char[] password, TlsSettings settings) {}

    private TlsKeys() {}

    /** Syslog over TLS uses the server's own keys; null when the server has none. */
    public static SyslogTls forSyslog(ServerSettings server) {
        return server.tls() == null ? null : new SyslogTls(server.tls(),
                () -> serverContext(server.tls(), server.data(), server.host()));
    }

    /** The server's own certificate and key as a TLS server context (for syslog over TLS, RFC 5425). */
    public static SSLContext serverContext(TlsSettings tls, Path data, String listenHost)
            throws IOException, GeneralSecurityException {
        Material m = keyStore(tls, data, listenHost);
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(
                KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(m.keyStore(), m.password());
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), null, null);
        return c;
    }

    public static Material keyStore(TlsSettings tls, Path data, String listenHost) throws IOException, GeneralSecurityException {
        Path cert = tls.cert();
        Path key = tls.key();
        if (tls.selfSigned()) {
            Path dir = data.resolve("tls");
            cert = dir.resolve("self-signed.crt");
            key = dir.resolve("self-signed.key");
            if (!Files.exists(cert) || !Files.exists(key)) {
                generate(dir, cert, key, listenHost);
            }
        }
        List<Certificate> chain = readCertificates(cert);
        PrivateKey privateKey = readKey(key);
        char[] password = RandomId.next().toCharArray();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("vigil", privateKey, password, chain.toArray(Certificate[]::new));
        return new Material(ks, password, tls);
    }

    private static List<Certificate> readCertificates(Path file) throws IOException, GeneralSecurityException {
        List<Certificate> out = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o;
            while ((o = pem.readObject()) != null) {
                if (o instanceof X509CertificateHolder holder) {
                    out.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        if (out.isEmpty()) {
            throw new GeneralSecurityException("no PEM certificate in " + file.getFileName());
        }
        return out;
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(r)) {
            Object o;
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            while ((o = pem.readObject()) != null) {
                if (o instanceof PEMKeyPair pair) {
                    // "RSA/EC PRIVATE KEY" (PKCS#1, SEC1); the public half may be absent, the private half is enough.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
                if (o instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            }
        }
        throw new GeneralSecurityException("no unencrypted PEM private key in " + file.getFileName());
    }

    private static void generate(Path dir, Path cert, Path key, String listenHost) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256, new SecureRandom());
        KeyPair pair = gen.generateKeyPair();
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.add(InetAddress.getLocalHost().getHostName());
        if (listenHost != null && !listenHost.isBlank() && !listenHost.equals("0.0.0.0") && !listenHost.equals("::")) {
            names.add(listenHost);
        }
        List<GeneralName> alt = new ArrayList<>();
        for (String n : names) {
            alt.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
        }
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=Vigil self-signed");
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(825))), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
            X509Certificate x509 = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            write(cert, x509, false);
            write(key, new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(pair.getPrivate(), null).generate(), true);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the self-signed certificate", e);
        }
    }

    /**
     * An HTTPS connector for Jetty with {@code ssl}'s keys: TLS 1.2 and 1.3 only, and no SNI host check (it would refuse
     * IP addresses and names not in the certificate, and Vigil is often reached by IP). The dashboard's and the agents'.
     */
    public static org.eclipse.jetty.server.Connector connector(org.eclipse.jetty.server.Server server,
                                                               org.eclipse.jetty.server.HttpConfiguration httpConfig,
                                                               org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl, String host, int port) {
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        var https = new org.eclipse.jetty.server.HttpConfiguration(httpConfig);
        var customizer = new org.eclipse.jetty.server.SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        https.addCustomizer(customizer);
        var connector = new org.eclipse.jetty.server.ServerConnector(server,
                new org.eclipse.jetty.server.SslConnectionFactory(ssl, "http/1.1"),
                new org.eclipse.jetty.server.HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    private static void write(Path file, Object object, boolean secret) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
        if (secret) {
            // Created owner-only before anything is written: the key is never readable by others, not even briefly.
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(file, out.toString(), StandardCharsets.US_ASCII);
    }
}
