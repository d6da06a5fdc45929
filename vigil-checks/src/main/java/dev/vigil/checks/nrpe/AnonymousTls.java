package dev.vigil.checks.nrpe;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.tls.AbstractTlsClient;
import org.bouncycastle.tls.AbstractTlsServer;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DefaultTlsDHGroupVerifier;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsDHGroupVerifier;
import org.bouncycastle.tls.TlsServer;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.DHGroup;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * NRPE's default TLS, both ends: TLS 1.2 with anonymous Diffie-Hellman only (the JDK's TLS refuses these suites, so
 * Bouncy Castle's TLS speaks them, for NRPE only). With no certificate to check it protects against listening, not
 * against a man in the middle: {@code tls: certificate} is there where that matters.
 */
public final class AnonymousTls {
    private static final int[] SUITES = {CipherSuite.TLS_DH_anon_WITH_AES_256_GCM_SHA384, CipherSuite.TLS_DH_anon_WITH_AES_128_GCM_SHA256,
            CipherSuite.TLS_DH_anon_WITH_AES_256_CBC_SHA256, CipherSuite.TLS_DH_anon_WITH_AES_128_CBC_SHA256,
            CipherSuite.TLS_DH_anon_WITH_AES_256_CBC_SHA, CipherSuite.TLS_DH_anon_WITH_AES_128_CBC_SHA};

    private AnonymousTls() {}

    /** The anonymous suites this TLS implementation offers: both ends offer the same. */
    private static int[] suites(org.bouncycastle.tls.crypto.TlsCrypto crypto) {
        return TlsUtils.getSupportedCipherSuites(crypto, SUITES);
    }

    /** TLS 1.2 down to 1.0, as NRPE builds accept. */
    private static ProtocolVersion[] versions() {
        return ProtocolVersion.TLSv12.downTo(ProtocolVersion.TLSv10);
    }

    /** The asking end (the {@code nrpe} check). */
    public static TlsClient client() {
        return new AbstractTlsClient(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected int[] getSupportedCipherSuites() {
                return suites(getCrypto());
            }

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return versions();
            }

            /**
             * NRPE sends Diffie-Hellman parameters generated when it was built, not one of the well-known groups Bouncy
             * Castle accepts by default: a group of at least 2,048 bits whose modulus is a (probable) safe prime is taken.
             */
            @Override
            public TlsDHGroupVerifier getDHGroupVerifier() {
                return new DefaultTlsDHGroupVerifier(2048) {
                    @Override
                    protected boolean checkGroup(DHGroup group) {
                        BigInteger p = group.getP();
                        BigInteger g = group.getG();
                        return super.checkGroup(group) || p.isProbablePrime(40) && p.shiftRight(1).isProbablePrime(40)
                                && g.compareTo(BigInteger.ONE) > 0 && g.compareTo(p.subtract(BigInteger.ONE)) < 0;
                    }
                };
            }

            @Override
            public TlsAuthentication getAuthentication() {
                return null; // anonymous key exchange: the server sends no certificate
            }
        };
    }

    /** The answering end (the agent standing in for {@code nrpe}), over a well-known 2048-bit group. */
    public static TlsServer server() {
        return new AbstractTlsServer(new BcTlsCrypto(new SecureRandom())) {
            @Override
            protected int[] getSupportedCipherSuites() {
                return suites(getCrypto());
            }

            @Override
            protected ProtocolVersion[] getSupportedVersions() {
                return versions();
            }

            @Override
            public TlsCredentials getCredentials() {
                return null; // anonymous: no certificate
            }
        };
    }
}
