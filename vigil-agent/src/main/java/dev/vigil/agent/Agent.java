package dev.vigil.agent;

import dev.vigil.agent.wire.Batch;
import dev.vigil.agent.wire.Facts;
import dev.vigil.agent.wire.Item;
import dev.vigil.agent.wire.Join;
import dev.vigil.agent.wire.Plan;
import dev.vigil.agent.wire.WireJson;
import dev.vigil.checks.CheckResult;
import dev.vigil.checks.exec.ExecCheck;
import dev.vigil.core.time.Scheduler;
import dev.vigil.core.time.SystemScheduler;
import dev.vigil.metrics.collect.LocalCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vigil agent}: enrolls once with a join token, then measures this machine, tails the plan's log files, runs its
 * Nagios plugins, file integrity and the audit, and takes results from local scripts, stores all of it in its on-disk buffer first and sends it to
 * the server in order, over mutual TLS, whenever the server is reachable.
 *
 * <p>{@code vigil probe} is the same program with a location and a probe token: it runs only the http, tcp, dns, ping
 * and tls checks the server assigns to its location, and sends their results the same way. It reads no files, runs
 * no commands and measures nothing of its machine.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    public static final String VERSION = "0.1.0";
    private static final int BATCH_ITEMS = 5_000;
    private static final long BATCH_BYTES = 2 << 20;
    private static final Duration HEARTBEAT = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final Duration FACTS_EVERY = Duration.ofMinutes(10);

    /**
     * @param host the host name this agent reports as (default: the machine's)
     * @param labels the agent's own labels (a join token's labels are added on the server, and win)
     * @param buffer the on-disk buffer's bound in bytes
     * @param nrpe where to answer NRPE requests ({@code HOST:PORT}), or null (the default: off)
     * @param nrpeConfig the nrpe.cfg whose commands, allowed_hosts and dont_blame_nrpe it follows
     * @param nrpeTls whether NRPE is answered over TLS (anonymous Diffie-Hellman, NRPE's default) or in clear
     * @param location for a probe, the place it checks from (null: an agent)
     */
    public record Options(URI server, String join, String caFingerprint, Path data, String host, Map<String, String> labels,
                          long buffer, String nrpe, Path nrpeConfig, boolean nrpeTls, String location) {
        public Options {
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }

        public Options(URI server, String join, String caFingerprint, Path data, String host, Map<String, String> labels, long buffer) {
            this(server, join, caFingerprint, data, host, labels, buffer, null, null, true, null);
        }

        /** A probe's options: it checks from {@code location}, enrolling with a probe token. */
        public static Options probe(URI server, String token, String caFingerprint, Path data, String location, long buffer) {
            return new Options(server, token, caFingerprint, data, null, Map.of(), buffer, null, null, true, location);
        }

        boolean isProbe() {
            return location != null;
        }
    }

    private final Options options;
    private final InstantSource clock = InstantSource.system();
    private volatile Identity identity;
    private final Spool spool;
    private final Tailer tailer;
    private final Submissions submissions;
    private final LocalIntegrity integrity;
    private volatile Link link;
    private final SystemScheduler scheduler;
    private volatile Plan plan;
    private volatile boolean running = true;
    private LocalCollector collector;
    private final List<Scheduler.Scheduled> checks = new ArrayList<>();
    private final Probes probes;
    private Thread sender;
    private NrpeResponder nrpe;
    private volatile Facts lastFacts;
    private volatile boolean factsSent;
    private volatile String lastProblem;

    private Agent(Options options, Identity identity) throws IOException, GeneralSecurityException {
        this.options = options;
        this.identity = identity;
        this.spool = new Spool(options.data().resolve("buffer"), options.buffer());
        this.tailer = new Tailer(spool, clock);
        this.submissions = new Submissions(options.data().resolve(Submissions.DIR), spool, clock);
        this.link = new Link(URI.create(identity.server()), identity.tls());
        this.scheduler = new SystemScheduler(clock);
        this.integrity = new LocalIntegrity(options.data().resolve("integrity"), spool, scheduler);
        this.probes = new Probes(spool, scheduler);
        Path saved = options.data().resolve("plan.json");
        this.plan = Files.exists(saved) ? WireJson.plan(Files.readAllBytes(saved)) : Plan.NONE;
    }

    /**
     * Opens the agent in its data directory, enrolling first when it has no identity yet (which needs the join token).
     * Prints the server CA's fingerprint at enrollment, and refuses a CA other than {@code --ca-fingerprint}.
     */
    public static Agent open(Options o, PrintStream out) throws IOException, GeneralSecurityException {
        Files.createDirectories(o.data());
        Identity id;
        if (Identity.exists(o.data())) {
            id = Identity.load(o.data());
        } else {
            if (o.server() == null || o.join() == null) {
                throw new IllegalArgumentException(o.isProbe() ? "this probe is not enrolled yet: give --server https://HOST:PORT and --token TOKEN"
                        : "this agent is not enrolled yet: give --server https://HOST:PORT and --join TOKEN");
            }
            id = enroll(o, out);
            id.save(o.data());
            out.println("enrolled as " + id.id() + (o.isProbe() ? " (probe at " + o.location() + ")" : " (host " + id.host() + ")"));
        }
        return new Agent(o, id);
    }

    private static Identity enroll(Options o, PrintStream out) throws IOException, GeneralSecurityException {
        if (!"https".equals(o.server().getScheme())) {
            throw new IllegalArgumentException("--server must be an https:// URL (the agent listener), found " + o.server());
        }
        X509Certificate[] chain = Link.presentedChain(o.server());
        X509Certificate ca = chain[chain.length - 1];
        String fp = Identity.fingerprint(ca);
        out.println("server CA fingerprint " + fp);
        if (o.caFingerprint() != null && !normal(o.caFingerprint()).equals(normal(fp))) {
            throw new GeneralSecurityException("the server's CA is " + fp + ", not the expected " + o.caFingerprint()
                    + ": not enrolling (is something between this machine and the server?)");
        }
        chain[0].verify(ca.getPublicKey()); // the listener's certificate really comes from that CA
        KeyPair pair = newKey();
        String host = o.host() != null ? o.host() : MachineFacts.hostname();
        String csr = certificateRequest(pair, host);
        SSLContext pinned = SSLContext.getInstance("TLS");
        pinned.init(null, Identity.trusting(ca).getTrustManagers(), null);
        Join.Reply reply = new Link(o.server(), pinned).join(
                new Join.Request(o.join(), csr, MachineFacts.read(host, o.labels(), VERSION), o.location()));
        return new Identity(reply.agent(), reply.host(), o.server().toString(), pair.getPrivate(),
                Identity.certificate(reply.certificate()), ca);
    }

    private static KeyPair newKey() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(256);
        return gen.generateKeyPair();
    }

    /** A PEM certificate request for the key (the server names the certificate by agent id, whatever {@code name} says). */
    private static String certificateRequest(KeyPair pair, String name) throws GeneralSecurityException, IOException {
        try {
            var req = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + name.replaceAll("[,=+<>#;\"\\\\]", "_")), pair.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(req);
            }
            return w.toString();
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make the certificate request", e);
        }
    }

    /**
     * Takes a new key and certificate before the old one runs out (the server says when): the new certificate must come
     * from the pinned CA, name this agent and hold the new key; it is kept on disk first, then used. A failed renewal
     * leaves the old identity working and is asked again on a later contact.
     */
    private void renew() {
        Identity old = identity;
        try {
            KeyPair pair = newKey();
            X509Certificate cert = Identity.certificate(link.renew(certificateRequest(pair, old.id())));
            cert.verify(old.ca().getPublicKey());
            if (!cert.getPublicKey().equals(pair.getPublic()) || !cert.getSubjectX500Principal().getName().equals("CN=" + old.id())) {
                throw new GeneralSecurityException("the renewed certificate is not this agent's new one");
            }
            Identity next = new Identity(old.id(), old.host(), old.server(), pair.getPrivate(), cert, old.ca());
            next.save(options.data());
            link = new Link(URI.create(next.server()), next.tls());
            identity = next;
            log.info("client certificate renewed, valid until {}", cert.getNotAfter().toInstant());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            log.warn("client certificate not renewed (asked again later): {}", e.getMessage());
        }
    }

    private static String normal(String fingerprint) {
        return fingerprint.replaceFirst("(?i)^sha256:", "").replace(":", "").toUpperCase(java.util.Locale.ROOT);
    }

    public String id() {
        return identity.id();
    }

    public String host() {
        return identity.host();
    }

    /** Starts measuring, tailing and sending; returns at once. */
    public synchronized void start() {
        apply(plan);
        if (!options.isProbe()) {
            scheduler.every(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> {
                tailer.poll();
                submissions.poll(identity.host());
            });
        }
        sender = Thread.ofPlatform().name("agent-sender").daemon().start(this::send);
        if (options.nrpe() != null && !options.isProbe()) {
            answerNrpe();
        }
        if (options.isProbe()) {
            log.info("probe {} at location {} sending to {}", identity.id(), options.location(), identity.server());
        } else {
            log.info("agent {} for host {} sending to {}", identity.id(), identity.host(), identity.server());
        }
    }

    /** Answers NRPE for an existing Nagios; one that cannot start is said and the rest runs on. */
    private void answerNrpe() {
        String listen = options.nrpe();
        int colon = listen.lastIndexOf(':');
        try {
            Path cfg = options.nrpeConfig() != null ? options.nrpeConfig() : Path.of("/etc/nagios/nrpe.cfg");
            nrpe = new NrpeResponder(NrpeResponder.Config.read(cfg), listen.substring(0, Math.max(0, colon)).replace("[", "").replace("]", ""),
                    Integer.parseInt(listen.substring(colon + 1)), options.nrpeTls());
            log.info("answering NRPE on {} ({}) with the commands of {}", listen, options.nrpeTls() ? "TLS" : "no TLS", cfg);
        } catch (IOException | RuntimeException e) {
            log.warn("NRPE not answered on {}: {}", listen, e.getMessage());
        }
    }

    /** Runs a new plan without restarting: the files to follow, the metric interval, the checks to run. */
    private synchronized void apply(Plan next) {
        if (options.isProbe()) {
            this.plan = next;
            probes.run(next.probes()); // and nothing else, whatever the plan says
            keep(next);
            return;
        }
        boolean intervalChanged = collector == null || next.interval() != plan.interval();
        this.plan = next;
        tailer.follow(next.logs());
        integrity.apply(next.integrity(), identity.host());
        if (intervalChanged) {
            if (collector != null) {
                collector.stop();
            }
            collector = new LocalCollector(scheduler, (info, at, value) -> spool.append(new Item.Sample(0, at.toEpochMilli(),
                    info.key().name(), info.unit(), value, info.capacity() ? info.max() : null)),
                    identity.host(), Duration.ofSeconds(Math.max(1, next.interval())), m -> true, false);
            collector.start();
        }
        checks.forEach(Scheduler.Scheduled::cancel);
        checks.clear();
        for (Plan.Check c : next.checks()) {
            ExecCheck check = new ExecCheck(new ExecCheck.Config(c.command()));
            Duration every = Duration.ofSeconds(Math.max(10, c.interval()));
            checks.add(scheduler.every(Duration.ofSeconds(1), every, () -> runCheck(c.service(), check)));
        }
        keep(next);
    }

    private void keep(Plan next) {
        try {
            Files.write(options.data().resolve("plan.json"), WireJson.plan(next));
        } catch (IOException e) {
            log.warn("cannot keep the plan on disk: {}", e.getMessage());
        }
    }

    private void runCheck(String service, ExecCheck check) {
        CheckResult r;
        try {
            r = check.run(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        spool.append(new Item.Result(0, clock.millis(), identity.host(), service, r.state().exitCode(), Probes.pluginText(r)));
    }

    private void send() {
        Duration backoff = Duration.ofSeconds(1);
        long lastContact = 0;
        long lastFactsAt = 0;
        while (running) {
            try {
                List<Item> items = spool.unsent(BATCH_ITEMS, BATCH_BYTES);
                long now = clock.millis();
                if (items.isEmpty() && now - lastContact < HEARTBEAT.toMillis()) {
                    Thread.sleep(1000);
                    continue;
                }
                if (now - lastFactsAt > FACTS_EVERY.toMillis() && !options.isProbe()) {
                    Facts f = MachineFacts.read(identity.host(), options.labels(), VERSION);
                    factsSent &= f.equals(lastFacts);
                    lastFacts = f;
                    lastFactsAt = now;
                }
                long lost = spool.lost();
                spool.force();
                Batch.Reply reply = link.send(new Batch(items, clock.millis(), VERSION, plan.version(), spool.bytes(), lost,
                        factsSent ? null : lastFacts));
                factsSent = true;
                spool.ack(reply.acked());
                spool.reported(lost);
                lastContact = clock.millis();
                if (reply.plan() != null && !Objects.equals(reply.plan().version(), plan.version())) {
                    log.info("running plan {} ({} log files, {} checks, {} probe checks)", reply.plan().version(), reply.plan().logs().size(),
                            reply.plan().checks().size(), reply.plan().probes().size());
                    apply(reply.plan());
                }
                if (reply.renew()) {
                    renew();
                }
                backoff = Duration.ofSeconds(1);
                problem(null);
                if (items.size() < BATCH_ITEMS) {
                    Thread.sleep(1000); // batch what comes in the next second
                }
            } catch (InterruptedException e) {
                return;
            } catch (Link.Refused e) {
                problem(e.getMessage());
                if (e.status == 401 || e.status == 403) {
                    backoff = Duration.ofMinutes(5); // a revoked agent does not hammer the server
                    pause(backoff);
                } else { // busy (503) or the batch refused: again after the usual back-off
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            } catch (IOException | RuntimeException e) {
                problem("server unreachable: " + e.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void problem(String p) {
        if (!Objects.equals(p, lastProblem)) {
            if (p == null) {
                log.info("connected to {}", identity.server());
            } else {
                log.warn("{}", p);
            }
            lastProblem = p;
        }
    }

    /** Waits {@code d} give or take a fifth, so agents that lost the server together do not return together. */
    private void pause(Duration d) {
        long ms = d.toMillis();
        long jitter = ms / 5;
        try {
            Thread.sleep(Math.max(100, ms - jitter + ThreadLocalRandom.current().nextLong(2 * jitter + 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        if (nrpe != null) {
            nrpe.close();
        }
        if (sender != null) {
            sender.interrupt();
        }
        if (collector != null) {
            collector.stop();
        }
        integrity.close();
        probes.close();
        scheduler.close();
        spool.close();
    }
}
