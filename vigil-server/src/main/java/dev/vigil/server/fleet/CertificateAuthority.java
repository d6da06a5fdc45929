package dev.vigil.server.fleet;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;

/**
 * The server's own certificate authority, made at first start under {@code data/ca/}: it signs the agent listener's
 * certificate and every enrolled agent's client certificate, and the listener trusts nothing else. The key never
 * leaves the data directory (owner-only files).
 */
public final class CertificateAuthority {
    private static final Duration CA_LIFE = Duration.ofDays(3650);
    private static final Duration LEAF_LIFE = Duration.ofDays(825);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final PrivateKey caKey;
    private final X509Certificate server;
    private final PrivateKey serverKey;

    private CertificateAuthority(X509Certificate ca, PrivateKey caKey, X509Certificate server, PrivateKey serverKey) {
        this.ca = ca;
        this.caKey = caKey;
        this.server = server;
        this.serverKey = serverKey;
    }

    /**
     * Opens the CA in {@code dir}, making it (and the listener's certificate) when absent. The listener's certificate
     * is remade when a name it must carry (a configured one) is missing from it.
     */
    public static CertificateAuthority open(Path dir, List<String> serverNames) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path caCert = dir.resolve("ca.crt");
        Path caKeyFile = dir.resolve("ca.key");
        X509Certificate ca;
        PrivateKey caKey;
        if (Files.exists(caCert) && Files.exists(caKeyFile)) {
            ca = readCertificate(Files.readString(caCert));
            caKey = readKey(caKeyFile);
        } else {
            KeyPair pair = keyPair();
            X500Name name = new X500Name("CN=Vigil agent CA " + HexFormat.of().formatHex(randomBytes(4)));
            var b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(Instant.now().minus(Duration.ofDays(1))),
                    Date.from(Instant.now().plus(CA_LIFE)), name, pair.getPublic());
            ca = sign(b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)), pair.getPrivate());
            caKey = pair.getPrivate();
            writeKey(caKeyFile, caKey);
            Files.writeString(caCert, pem(ca), StandardCharsets.US_ASCII);
        }
        Path serverCert = dir.resolve("agents.crt");
        Path serverKeyFile = dir.resolve("agents.key");
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // no host name: the loopback names are enough
        }
        names.addAll(serverNames);
        X509Certificate server = null;
        PrivateKey serverKey = null;
        if (Files.exists(serverCert) && Files.exists(serverKeyFile)) {
            server = readCertificate(Files.readString(serverCert));
            serverKey = readKey(serverKeyFile);
            if (!carries(server, names) || !signedBy(server, ca)) {
                server = null;
            }
        }
        if (server == null) {
            KeyPair pair = keyPair();
            List<GeneralName> alt = new ArrayList<>();
            for (String n : names) {
                alt.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, n) : new GeneralName(GeneralName.dNSName, n));
            }
            var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), serial(),
                    Date.from(Instant.now().minus(Duration.ofDays(1))), Date.from(Instant.now().plus(LEAF_LIFE)),
                    new X500Name("CN=Vigil agent listener"), pair.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            server = sign(b, caKey);
            serverKey = pair.getPrivate();
            writeKey(serverKeyFile, serverKey);
            Files.writeString(serverCert, pem(server), StandardCharsets.US_ASCII);
        }
        return new CertificateAuthority(ca, caKey, server, serverKey);
    }

    /** The CA certificate's SHA-256 fingerprint, as agents print and pin it ({@code SHA256:AB:CD:…}). */
    public String fingerprint() {
        return fingerprint(ca);
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String caPem() {
        return pem(ca);
    }

    /** The listener's key and chain (its certificate, then the CA's), for Jetty. */
    public KeyStore serverKeys(char[] password) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("agents", serverKey, password, new Certificate[] {server, ca});
        return ks;
    }

    /** The CA alone, as the trust store client certificates are checked against. */
    public KeyStore trust() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("vigil-ca", ca);
        return ks;
    }

    /**
     * Signs an agent's certificate request: the certificate names the agent by id (CN) whatever the request says,
     * and is valid for client authentication only. The request's own signature proves the agent holds the key.
     */
    public X509Certificate signAgent(String csrPem, String agentId) throws GeneralSecurityException {
        return signAgent(csrPem, agentId, LEAF_LIFE);
    }

    /** The same, valid for {@code life} ({@code agents.certificate_life}). */
    public X509Certificate signAgent(String csrPem, String agentId, Duration life) throws GeneralSecurityException {
        PKCS10CertificationRequest csr;
        try (PEMParser p = new PEMParser(new StringReader(csrPem))) {
            Object o = p.readObject();
            if (!(o instanceof PKCS10CertificationRequest r)) {
                throw new GeneralSecurityException("not a PEM certificate request");
            }
            csr = r;
        } catch (IOException e) {
            throw new GeneralSecurityException("not a PEM certificate request");
        }
        try {
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(csr.getSubjectPublicKeyInfo()))) {
                throw new GeneralSecurityException("the certificate request's signature is not valid");
            }
        } catch (OperatorCreationException | PKCSException e) {
            throw new GeneralSecurityException("the certificate request's signature cannot be checked");
        }
        java.security.PublicKey key;
        try {
            key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
        } catch (org.bouncycastle.openssl.PEMException e) {
            throw new GeneralSecurityException("the certificate request's key is not usable");
        }
        var b = new JcaX509v3CertificateBuilder(X500Name.getInstance(ca.getSubjectX500Principal().getEncoded()), serial(),
                Date.from(Instant.now().minus(Duration.ofHours(1))), Date.from(Instant.now().plus(life)),
                new X500Name("CN=" + agentId), key);
        try {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return sign(b, caKey);
    }

    /** The agent id a client certificate names (its CN). */
    public static String agentOf(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName();
        for (String part : dn.split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return "";
    }

    public static String pem(Object certOrKey) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(certOrKey);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    static X509Certificate readCertificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private static boolean carries(X509Certificate cert, Set<String> names) throws GeneralSecurityException {
        Set<String> has = new java.util.HashSet<>();
        if (cert.getSubjectAlternativeNames() != null) {
            cert.getSubjectAlternativeNames().forEach(n -> has.add(String.valueOf(n.get(1))));
        }
        for (String n : names) {
            boolean found = has.contains(n) || has.stream().anyMatch(h -> sameAddress(h, n));
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAddress(String a, String b) {
        if (!a.contains(":") || !b.contains(":")) {
            return false;
        }
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign a certificate", e);
        }
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256, RANDOM);
        return gen.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, RANDOM);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        String body = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    private static void writeKey(Path file, PrivateKey key) throws IOException {
        // Created owner-only before anything is written: the key is never readable by others, not even briefly.
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + b64 + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
    }
}
