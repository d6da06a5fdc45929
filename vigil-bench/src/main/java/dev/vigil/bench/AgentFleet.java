package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.agent.wire.Batch;
import dev.vigil.agent.wire.Facts;
import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.Join;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * Many simulated agents in one process against a running server (bench/agents.sh starts it): each enrolls with its
 * own key and certificate, then sends every second a batch of LINES log lines (and every 10 s, 50 samples) over
 * mutual TLS, as the real agent does. Probe lines are searched for through the API to time line-to-searchable;
 * at the end every line of the run is counted in search (loss or duplicates show as a wrong total), and the
 * server's CPU and RSS are read from /proc.
 * Usage: AgentFleet AGENT_URL API_URL ADMIN_TOKEN JOIN_TOKEN CA_FILE SERVER_PID AGENTS LINES SECONDS
 */
public final class AgentFleet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Sim(String host, SSLSocketFactory tls, AtomicLong seq) {}

    public static void main(String[] args) throws Exception {
        URI agentUrl = URI.create(args[0]);
        String api = args[1];
        String admin = args[2];
        String join = args[3];
        X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(Files.newInputStream(Path.of(args[4])));
        long serverPid = Long.parseLong(args[5]);
        int agents = Integer.parseInt(args[6]);
        int lines = Integer.parseInt(args[7]);
        int seconds = Integer.parseInt(args[8]);
        String run = "run" + Long.toString(System.nanoTime(), 36);

        List<Sim> sims = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService enroll = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < agents; i++) {
                String host = "sim" + i + "-" + run;
                enroll.submit(() -> {
                    sims.add(enroll(agentUrl, join, ca, host));
                    return null;
                });
            }
        }
        if (sims.size() != agents) {
            System.out.println("only " + sims.size() + " of " + agents + " agents enrolled: no figures");
            System.exit(1);
        }
        System.out.println(agents + " agents enrolled");

        HttpClient http = HttpClient.newHttpClient();
        Map<String, Long> probesSent = new ConcurrentHashMap<>();
        List<Long> probeLatency = Collections.synchronizedList(new ArrayList<>());
        AtomicLong retries = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong unsent = new AtomicLong();
        List<Long> ackMillis = Collections.synchronizedList(new ArrayList<>());
        long[] cpu0 = cpu(serverPid);
        long wall0 = System.nanoTime();
        long start = System.currentTimeMillis();
        // Each simulated agent behaves as the real one: what it produced in a second goes in its next batch; one batch
        // in flight; a batch the server turns away (busy) is kept and sent again after a second.
        try (ExecutorService agentsRunning = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int a = 0; a < sims.size(); a++) {
                Sim sim = sims.get(a);
                boolean probe = a % 50 == 0;
                agentsRunning.submit(() -> {
                    List<Item> pending = new ArrayList<>();
                    int produced = 0;
                    long deadline = start + seconds * 1000L + 60_000;
                    while (System.currentTimeMillis() < deadline) {
                        long now = System.currentTimeMillis();
                        int due = (int) Math.min(seconds, (now - start) / 1000 + 1);
                        for (; produced < due; produced++) {
                            for (int l = 0; l < lines; l++) {
                                String text = l == 0 && probe ? "probe" + produced + "x" + sim.host().replace("-", "") : "request " + l + " served in 12 ms";
                                if (l == 0 && probe) {
                                    probesSent.put(text, now);
                                }
                                pending.add(new Item.Line(sim.seq().incrementAndGet(), now, "/var/log/app.log", "1", l,
                                        "Dec  3 10:00:00 " + sim.host() + " app[42]: " + run + " " + text));
                            }
                            if (produced % 10 == 0) {
                                for (int m = 0; m < 50; m++) {
                                    pending.add(new Item.Sample(sim.seq().incrementAndGet(), now, "app.metric" + m, "", m + produced, null));
                                }
                            }
                        }
                        if (pending.isEmpty()) {
                            if (produced >= seconds) {
                                return null;
                            }
                        } else {
                            List<Item> batch = List.copyOf(pending.subList(0, Math.min(5000, pending.size())));
                            long t = System.nanoTime();
                            try {
                                post(agentUrl, sim.tls(), new Batch(batch, System.currentTimeMillis(), "bench", "", 0, 0, null));
                                ackMillis.add((System.nanoTime() - t) / 1_000_000);
                                sent.addAndGet(batch.stream().filter(i -> i instanceof Item.Line).count());
                                pending.subList(0, batch.size()).clear();
                            } catch (Exception e) {
                                retries.incrementAndGet();
                            }
                        }
                        long next = start + (long) produced * 1000 - System.currentTimeMillis();
                        Thread.sleep(Math.max(50, next));
                    }
                    unsent.addAndGet(pending.stream().filter(i -> i instanceof Item.Line).count());
                    return null;
                });
            }
            // Probe lines: searched for until found (what a person searching sees).
            while (System.currentTimeMillis() < start + seconds * 1000L + 60_000 && (sent.get() + unsent.get() < (long) agents * lines * seconds
                    || !probesSent.isEmpty())) {
                for (var e : new ArrayList<>(probesSent.entrySet())) {
                    if (found(http, api, admin, e.getKey())) {
                        probeLatency.add(System.currentTimeMillis() - e.getValue());
                        probesSent.remove(e.getKey());
                    }
                }
                Thread.sleep(200);
            }
        }
        double wall = (System.nanoTime() - wall0) / 1e9;
        long[] cpu1 = cpu(serverPid);
        long failures = unsent.get();
        long expected = (long) agents * lines * seconds;
        long indexed = 0;
        for (int i = 0; i < 60 && indexed < expected; i++) {
            indexed = count(http, api, admin, run);
            Thread.sleep(1000);
        }
        Collections.sort(probeLatency);
        Collections.sort(ackMillis);
        System.out.printf("%d agents x %d lines/s for %d s (%.0f lines/s offered): %d lines sent, %d batches sent again (server busy), %d lines never sent%n",
                agents, lines, seconds, (double) agents * lines, sent.get(), retries.get(), failures);
        System.out.printf("searchable: %d of %d lines (%s)%n", indexed, expected, indexed == expected ? "no loss, no repeats" : "MISMATCH");
        System.out.printf("line to searchable: p50 %d ms, p99 %d ms over %d probes (%d not found)%n", pct(probeLatency, 50),
                pct(probeLatency, 99), probeLatency.size(), probesSent.size());
        System.out.printf("batch acknowledged (lines in the index): p50 %d ms, p99 %d ms%n", pct(ackMillis, 50), pct(ackMillis, 99));
        System.out.printf("server CPU: %.2f cores over %.0f s (%d cores here); RSS %d MB, peak %d MB%n", (cpu1[0] - cpu0[0]) / 100.0 / wall,
                wall, Runtime.getRuntime().availableProcessors(), cpu1[1] / 1024, cpu1[2] / 1024);
        System.out.println("complete: " + (indexed == expected && failures == 0 && probesSent.isEmpty()));
    }

    private static long pct(List<Long> sorted, int p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    /** utime+stime in ticks, VmRSS and VmHWM in kB. */
    private static long[] cpu(long pid) throws Exception {
        String[] stat = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
        long rss = 0;
        long hwm = 0;
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                rss = Long.parseLong(l.replaceAll("[^0-9]", ""));
            } else if (l.startsWith("VmHWM:")) {
                hwm = Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {ticks, rss, hwm};
    }

    private static boolean found(HttpClient http, String api, String admin, String term) throws Exception {
        return count(http, api, admin, term) > 0;
    }

    private static long count(HttpClient http, String api, String admin, String term) throws Exception {
        var r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/logs/search?limit=1&q=" + URLEncoder.encode(term, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j = JSON.readTree(r.body());
        return j.path("total").asLong();
    }

    private static Sim enroll(URI url, String join, X509Certificate ca, String host) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair pair = g.generateKeyPair();
        StringWriter w = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + host), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        }
        SSLContext trustOnly = context(null, null, ca);
        byte[] body = JSON.writeValueAsBytes(new Join.Request(join, w.toString(),
                new Facts(host, "bench", "", List.of(), 2, 0, List.of(), Map.of(), "bench")));
        byte[] reply = send(url.resolve("/agent/v1/join"), trustOnly.getSocketFactory(), body, false);
        Join.Reply r = JSON.readValue(reply, Join.Reply.class);
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(r.certificate().getBytes(StandardCharsets.US_ASCII)));
        return new Sim(host, context(pair, cert, ca).getSocketFactory(), new AtomicLong());
    }

    private static SSLContext context(KeyPair pair, X509Certificate cert, X509Certificate ca) throws Exception {
        KeyManagerFactory kmf = null;
        if (pair != null) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("a", pair.getPrivate(), "p".toCharArray(), new Certificate[] {cert, ca});
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, "p".toCharArray());
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        ts.load(null, null);
        ts.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    private static void post(URI url, SSLSocketFactory tls, Batch batch) throws Exception {
        send(url.resolve("/agent/v1/batch"), tls, JSON.writeValueAsBytes(batch), true);
    }

    private static byte[] send(URI url, SSLSocketFactory tls, byte[] body, boolean gzip) throws Exception {
        HttpsURLConnection c = (HttpsURLConnection) url.toURL().openConnection();
        c.setSSLSocketFactory(tls);
        c.setHostnameVerifier((h, s) -> true);
        c.setDoOutput(true);
        c.setRequestMethod("POST");
        c.setConnectTimeout(10_000);
        c.setReadTimeout(60_000);
        if (gzip) {
            c.setRequestProperty("Content-Encoding", "gzip");
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(z)) {
                out.write(body);
            }
            body = z.toByteArray();
        }
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            byte[] reply = in == null ? new byte[0] : in.readAllBytes();
            if (status != 200) {
                throw new IllegalStateException("HTTP " + status + ": " + new String(reply, StandardCharsets.UTF_8));
            }
            return reply;
        }
    }
}
