package dev.vigil.agent;

import dev.vigil.agent.wire.WireJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Who this agent is once enrolled, kept in its data directory: its id and host, its private key (owner-only), the
 * client certificate the server's CA signed, and that CA, pinned at first contact. Nothing here is a secret the
 * server holds: the key never leaves the agent.
 */
record Identity(String id, String host, String server, PrivateKey key, X509Certificate certificate, X509Certificate ca) {
    static final String FILE = "agent.json";

    static boolean exists(Path dir) {
        return Files.exists(dir.resolve(FILE));
    }

    static Identity load(Path dir) throws IOException, GeneralSecurityException {
        finishRenewal(dir);
        Map<String, String> j = WireJson.flat(Files.readAllBytes(dir.resolve(FILE)));
        String keyText = Files.readString(dir.resolve("agent.key"), StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyText)));
        return new Identity(j.get("id"), j.get("host"), j.get("server"), key,
                certificate(Files.readString(dir.resolve("agent.crt"))), certificate(Files.readString(dir.resolve("ca.crt"))));
    }

    /**
     * Keeps the identity on disk. The key and certificate are written beside the old ones first and then moved into
     * place, the certificate first: a stop in between is finished (or undone) by {@link #finishRenewal}, so a renewal
     * never leaves a key with another key's certificate.
     */
    void save(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        Path newKey = dir.resolve("agent.key.new");
        Files.deleteIfExists(newKey);
        Files.createFile(newKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(newKey, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("agent.crt.new"), pem("CERTIFICATE", certificate.getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("ca.crt"), pem("CERTIFICATE", ca.getEncoded()), StandardCharsets.US_ASCII);
        Files.move(dir.resolve("agent.crt.new"), dir.resolve("agent.crt"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(newKey, dir.resolve("agent.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // Written last: its presence means the rest is complete.
        Files.write(dir.resolve(FILE), WireJson.flat(Map.of("id", id, "host", host, "server", server)));
    }

    /** After a stop in the middle of {@link #save}: a new certificate in place means its key goes too; else the new files go. */
    static void finishRenewal(Path dir) throws IOException {
        Path newKey = dir.resolve("agent.key.new");
        if (!Files.exists(newKey)) {
            return;
        }
        if (Files.exists(dir.resolve("agent.crt.new"))) {
            Files.delete(dir.resolve("agent.crt.new")); // the old pair is whole
            Files.delete(newKey);
        } else {
            Files.move(newKey, dir.resolve("agent.key"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * TLS with this agent's certificate, trusting only the pinned CA. The key is handed over directly rather than
     * through a key store, which would encrypt it in memory with machinery a small agent need not load.
     */
    SSLContext tls() throws GeneralSecurityException, IOException {
        X509Certificate[] chain = {certificate, ca};
        javax.net.ssl.X509ExtendedKeyManager keys = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override public String[] getClientAliases(String type, java.security.Principal[] issuers) { return new String[] {"agent"}; }
            @Override public String chooseClientAlias(String[] types, java.security.Principal[] issuers, java.net.Socket s) { return "agent"; }
            @Override public String chooseEngineClientAlias(String[] types, java.security.Principal[] issuers, javax.net.ssl.SSLEngine e) {
                return "agent";
            }
            @Override public String[] getServerAliases(String type, java.security.Principal[] issuers) { return null; }
            @Override public String chooseServerAlias(String type, java.security.Principal[] issuers, java.net.Socket s) { return null; }
            @Override public X509Certificate[] getCertificateChain(String alias) { return chain.clone(); }
            @Override public PrivateKey getPrivateKey(String alias) { return key; }
        };
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(new javax.net.ssl.KeyManager[] {keys}, trusting(ca).getTrustManagers(), null);
        return c;
    }

    static TrustManagerFactory trusting(X509Certificate ca) throws GeneralSecurityException, IOException {
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("vigil-ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        return tmf;
    }

    static X509Certificate certificate(String pem) throws GeneralSecurityException {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The SHA-256 fingerprint as the server prints it: {@code SHA256:AB:CD:…}. */
    static String fingerprint(X509Certificate cert) throws GeneralSecurityException {
        return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
