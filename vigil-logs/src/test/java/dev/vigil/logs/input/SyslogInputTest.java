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

    @Test
    void aDatagramWithAYearNoCalendarHoldsIsCountedAndTheListenerGoesOn() throws Exception {
        // One unauthenticated datagram used to kill the UDP thread for good (DateTimeException in formatting).
        start(null);
        try (DatagramSocket u = new DatagramSocket()) {
            for (String m : List.of("<13>1 -999999999-01-01T00:00:00+18:00 h a - - - x",
                    "<13>1 +999999999-12-31T23:59:59-18:00 h a - - - y", "<13>Nov 25 12:00:03 db1 app: after the bad ones")) {
                byte[] d = m.getBytes(StandardCharsets.UTF_8);
                u.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), input.ports()[0]));
            }
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> texts().contains("Nov 25 12:00:03 db1 app: after the bad ones"));
        assertThat(input.unparseable()).isEqualTo(2);
        assertThat(input.problem()).isNull();
        assertThat(texts()).anySatisfy(t -> assertThat(t).contains(" h a: x").endsWith(SyslogInput.BAD_TIME));

        // Over TCP the same line no longer ends the connection: the next line on it arrives too.
        try (Socket s = new Socket("127.0.0.1", input.ports()[1]); OutputStream o = s.getOutputStream()) {
            o.write("<13>1 -999999999-01-01T00:00:00+18:00 h a - - - z\n<13>Nov 25 12:00:04 db1 app: same connection\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> texts().contains("Nov 25 12:00:04 db1 app: same connection"));
        assertThat(input.unparseable()).isEqualTo(3);
    }

    @Test
    void idleConnectionsTimeOutAndOneAddressCannotTakeEverySlot() throws Exception {
        input = new SyslogInput(new SyslogInput.Settings("127.0.0.1", -1, 0, null, 300, Duration.ofMillis(500), 3),
                ZoneOffset.UTC, InstantSource.system());
        input.start(l -> got.add(l));
        int port = input.ports()[1];
        List<Socket> idle = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                idle.add(new Socket("127.0.0.1", port));
            }
            try (Socket fourth = new Socket("127.0.0.1", port)) {
                fourth.setSoTimeout(3_000);
                assertThat(fourth.getInputStream().read()).as("the fourth connection from one address is closed").isEqualTo(-1);
            }
            // The idle ones are closed by the server after the idle timeout.
            for (Socket s : idle) {
                s.setSoTimeout(5_000);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
            }
            // And then the address may connect again.
            try (Socket again = new Socket("127.0.0.1", port); OutputStream o = again.getOutputStream()) {
                o.write("<13>Nov 25 12:00:05 db1 app: back\n".getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> texts().contains("Nov 25 12:00:05 db1 app: back"));
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void closingFreesBothPortsAtOnceForTheNextListener() throws Exception {
        start(null);
        int udp = input.ports()[0];
        int tcp = input.ports()[1];
        for (int i = 0; i < 16; i++) {
            input.close();
            input = new SyslogInput(new SyslogInput.Settings("127.0.0.1", udp, tcp, null, 300), ZoneOffset.UTC, InstantSource.system());
            input.start(l -> got.add(l));
            assertThat(input.problem()).as("rebind %d", i).isNull();
        }
    }

    @Test
    void kernelDropsAreReadForThePortFromProcNetUdp() {
        List<String> table = List.of(
                "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops",
                "  421: 0100007F:15B2 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 123 2 0000000000000000 4711",
                "  422: 00000000:0035 00000000:0000 07 00000000 00000000 00:00000000 00000000     0        0 124 2 0000000000000000 9");
        assertThat(KernelUdpDrops.forPort(table, 5554)).isEqualTo(4711);
        assertThat(KernelUdpDrops.forPort(table, 53)).isEqualTo(9);
        assertThat(KernelUdpDrops.forPort(table, 514)).isZero();
    }

    @Test
    void datagramsTheKernelDropsAreCountedSoNothingIsLostUnseen() throws Exception {
        // A stalled pipeline: the socket buffer fills and the kernel drops what does not fit.
        java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
        input = new SyslogInput(new SyslogInput.Settings("127.0.0.1", 0, -1, null, 300), ZoneOffset.UTC, InstantSource.system());
        input.start(new LogInput.Sink() {
            @Override
            public boolean accept(LogLine line) throws InterruptedException {
                stalled.await();
                return got.add(line);
            }
        });
        int sent = 60_000; // more than the largest receive buffer the kernel grants here (net.core.rmem_max)
        try (DatagramSocket u = new DatagramSocket()) {
            byte[] d = "<13>Nov 25 12:00:03 db1 app: flood".getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < sent; i++) {
                u.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), input.ports()[0]));
            }
        }
        stalled.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> got.size() + input.dropped() == sent);
        assertThat(input.dropped()).isPositive();
    }
}
