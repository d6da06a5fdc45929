package dev.vigil.logs.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.FileInputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The syslog server over real sockets: both TCP framings, UDP, TLS, limits, and Debian's rsyslog forwarding to it. */
class SyslogInputTest {
    @TempDir
    Path dir;

    private final List<LogLine> got = new CopyOnWriteArrayList<>();
    private SyslogInput input;
    private Process rsyslog;

    @AfterEach
    void stop() {
        if (input != null) {
            input.close();
        }
        if (rsyslog != null) {
            rsyslog.destroyForcibly();
        }
    }

    private SyslogInput start(SSLContext tls) {
        input = new SyslogInput(new SyslogInput.Settings("127.0.0.1", 0, 0, tls, 300), ZoneOffset.UTC, InstantSource.system());
        input.start(l -> got.add(l));
        return input;
    }

    private List<String> texts() {
        return got.stream().map(LogLine::text).toList();
    }

    @Test
    void tcpWithOctetCountingAndNewlinesAndUdpAndTheSenderIsRecorded() throws Exception {
        start(null);
        try (Socket s = new Socket("127.0.0.1", input.ports()[1]); OutputStream o = s.getOutputStream()) {
            String a = "<38>1 2026-11-25T12:00:00Z web1 sshd 42 - - Failed password for root from 192.0.2.7 port 1 ssh2";
            o.write((a.getBytes(StandardCharsets.UTF_8).length + " " + a).getBytes(StandardCharsets.UTF_8));
            o.write("<38>Nov 25 12:00:01 web1 sshd[43]: second\n<38>Nov 25 12:00:02 web1 sshd[44]: third\n".getBytes(StandardCharsets.UTF_8));
        }
        try (DatagramSocket u = new DatagramSocket()) {
            byte[] d = "<13>Nov 25 12:00:03 db1 app: over udp".getBytes(StandardCharsets.UTF_8);
            u.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), input.ports()[0]));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 4);
        assertThat(texts()).contains("Nov 25 12:00:00 web1 sshd[42]: Failed password for root from 192.0.2.7 port 1 ssh2",
                "Nov 25 12:00:01 web1 sshd[43]: second", "Nov 25 12:00:02 web1 sshd[44]: third", "Nov 25 12:00:03 db1 app: over udp");
        assertThat(got).allSatisfy(l -> {
            assertThat(l.sender()).isEqualTo("127.0.0.1");
            assertThat(l.location()).isEqualTo("syslog");
        });
    }

    @Test
    void overLongMessagesAreCutWithAMarkerAndGarbageDoesNotStopTheServer() throws Exception {
        start(null);
        try (Socket s = new Socket("127.0.0.1", input.ports()[1]); OutputStream o = s.getOutputStream()) {
            o.write(("<13>Nov 25 12:00:00 h app: " + "x".repeat(1000) + "\n").getBytes(StandardCharsets.UTF_8));
            o.write(new byte[] {(byte) 0xff, (byte) 0xfe, '<', '>', '\n'});
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 2);
        assertThat(texts().get(0)).endsWith("[truncated 727 bytes]");
        assertThat(texts().get(1)).contains("\uFFFD");
        try (Socket s = new Socket("127.0.0.1", input.ports()[1]); OutputStream o = s.getOutputStream()) {
            o.write("<13>Nov 25 12:00:00 h app: still listening\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> texts().contains("Nov 25 12:00:00 h app: still listening"));
    }

    @Test
    void tlsFramedMessagesAreRead() throws Exception {
        Path ks = dir.resolve("syslog.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "syslog", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).isZero();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        start(server);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", input.ports()[1])) {
            String m = "<38>1 2026-11-25T12:00:00Z web1 sudo - - - over tls";
            s.getOutputStream().write((m.length() + " " + m).getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            await().atMost(Duration.ofSeconds(5)).until(() -> texts().contains("Nov 25 12:00:00 web1 sudo: over tls"));
        }
    }

    @Test
    void debiansRsyslogForwardsToVigilOverTcpAndUdp() throws Exception {
        start(null);
        int in;
        try (ServerSocket free = new ServerSocket(0)) {
            in = free.getLocalPort();
        }
        Path conf = dir.resolve("rsyslog.conf");
        Files.writeString(conf, """
                global(workDirectory="%s")
                module(load="imtcp")
                input(type="imtcp" address="127.0.0.1" port="%d")
                action(type="omfwd" target="127.0.0.1" port="%d" protocol="tcp" TCP_Framing="octet-counted" template="RSYSLOG_SyslogProtocol23Format")
                action(type="omfwd" target="127.0.0.1" port="%d" protocol="udp" template="RSYSLOG_TraditionalForwardFormat")
                """.formatted(dir, in, input.ports()[1], input.ports()[0]));
        rsyslog = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", conf.toString(), "-i", dir.resolve("rsyslog.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("rsyslog.out").toFile()).start();
        int port = in;
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        Process logger = new ProcessBuilder("logger", "--server", "127.0.0.1", "--port", String.valueOf(in), "--tcp", "--rfc3164",
                "-t", "sshd", "Failed password for root from 192.0.2.7 port 4711 ssh2").redirectErrorStream(true).start();
        assertThat(logger.waitFor()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> got.size() >= 2);
        assertThat(texts()).hasSize(2).allSatisfy(t -> assertThat(t)
                .matches("\\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d \\S+ sshd(\\[\\d+])?: Failed password for root from 192\\.0\\.2\\.7 port 4711 ssh2"));
    }
}
