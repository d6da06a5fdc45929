package dev.vigil.server.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What the page templates show: plain, already-formatted values, so templates stay free of logic and every
 * page renders the same states, times and links the same way. Public because the compiled templates live
 * in jte's own package.
 */
public final class Model {
    private Model() {}

    /** The frame around every signed-in page. */
    /** What every page shares; {@code notice} says what an action just did ("Recheck scheduled ..."), or null. */
    public record Frame(String title, String nav, String user, String role, boolean admin, String csrf, String path,
                        String notice) {}

    /** How many are in a state; {@code soft} of them are not confirmed yet (a retry may still find them fine). */
    public record Count(String state, String css, int count, int soft) {
        public Count(String state, String css, int count) {
            this(state, css, count, 0);
        }

        /** What the count means, for its tooltip: "CRITICAL: 3, 1 of them not confirmed yet (SOFT)". */
        public String hint() {
            return state + ": " + count + (soft > 0 ? ", " + soft + " of them not confirmed yet (SOFT, being retried)" : "");
        }
    }

    /**
     * One open problem. {@code fingerprint} is set for problems from sources other than checks (log alerts,
     * integrity changes, audit findings, metric alerts): those are acknowledged by it, not by host and service.
     */
    public record Problem(String host, String service, String state, String css, String stateType, String attempt,
                          String since, String output, String note, String href, String fingerprint) {
        public Problem(String host, String service, String state, String css, String stateType, String attempt,
                       String since, String output, String note, String href) {
            this(host, service, state, css, stateType, attempt, since, output, note, href, null);
        }

        /**
         * An element id for this problem's row: letters and digits only, whatever the host and service are
         * called, so htmx can select it (an id built from the URL broke the 5-second refresh).
         */
        public String domId() {
            try {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(
                        (host + "\0" + (service == null ? "" : service)).getBytes(StandardCharsets.UTF_8));
                return "p" + HexFormat.of().formatHex(d, 0, 10);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required by every Java platform", e);
            }
        }
    }

    public record Cell(String name, String state, String css, String href) {}

    /** A host at a glance: its state, a cell per service that is not OK, and how many are OK. */
    public record Strip(String host, String state, String css, String href, List<Cell> cells, int ok) {}

    /** @param incident the incident the event belongs to, or 0 */
    public record EventRow(String when, String ago, String host, String source, String kind, String severity,
                           String css, String title, String details, String suppression, long incident) {}

    public record Overview(Frame frame, List<Count> hostCounts, List<Count> serviceCounts, List<Count> otherCounts,
                           List<Problem> unhandled,
                           List<Problem> acknowledged, List<Problem> downtime, List<EventRow> events,
                           List<Strip> strips) {
        public boolean allClear() {
            return unhandled.isEmpty() && acknowledged.isEmpty() && downtime.isEmpty();
        }
    }

    /** @param uptime the last 24 hours, a bar per hour (on the hosts page; empty elsewhere) */
    public record HostRow(String name, String address, String state, String css, String since, String output,
                          List<Count> services, String href, List<UptimeBar> uptime) {
        HostRow withUptime(List<UptimeBar> bars) {
            return new HostRow(name, address, state, css, since, output, services, href, bars);
        }
    }

    public record Hosts(Frame frame, List<HostRow> hosts) {}

    /** A public status page as its template shows it; every string is public and escaped by jte. */
    public record StatusView(String title, String description, String logo, String css, String indicator, String headline,
                             List<StatusComponent> components, List<StatusIncident> open, List<StatusIncident> past,
                             List<StatusMaintenance> maintenances, String zone, String updated, String prefix) {}

    public record StatusComponent(String name, String description, String status, String css, String uptime,
                                  List<dev.vigil.server.status.StatusPages.Day> days, String output) {}

    public record StatusIncident(String id, String name, String status, String impact, List<StatusUpdate> updates) {}

    public record StatusUpdate(String status, String body, String when) {}

    public record StatusMaintenance(String name, String window, String components) {}

    /** The upstream providers (statuspage and feed services), worst first: the status mash-up on one screen. */
    public record Upstream(Frame frame, List<ServiceRow> providers, String problems, List<String> statusPages, List<PublicIncidentRow> told) {}

    /** An incident told on one of our own status pages, for admins to update. */
    public record PublicIncidentRow(String id, String page, String name, String status, String impact, String updated) {}

    public record ServiceRow(String host, String name, String state, String css, String stateType, String attempt,
                             String lastCheck, String since, String output, String perf, String href,
                             String ack, String downtime, boolean flapping) {}

    public record HostDetail(Frame frame, HostRow host, List<ServiceRow> services, boolean removable, String parents,
                             String groups, String range, List<GraphGroup> graphs, List<DowntimeRow> downtimes,
                             List<StaleSeries> stale) {}

    /** A series of the host that got nothing for a while (a removed service's), hidden from the graphs. */
    public record StaleSeries(String name, String lastSample) {}

    /** The host's graphs of one kind (CPU, memory, disk, network, load, services), drawn in the browser. */
    public record GraphGroup(String kind, List<Graph> graphs) {}

    /** A downtime of a host or one of its services, scheduled or active, with what it covers. */
    public record DowntimeRow(String id, String covers, String when, String comment, String author, boolean active,
                              boolean cancellable) {}

    /** One graph of a host: the series name, its data (for the chart) and its page. */
    public record Graph(String name, String data, String href) {}

    public record Change(String when, String title, String css, String note) {}

    /** @param location where it was checked from ("" for a service checked here only, "decided" for its quorum's result) */
    public record ResultRow(String when, String state, String css, String stateType, String attempt, String output,
                            String perf, String location) {}

    /** A service's state at one of its locations; {@code contact} false when that location's probes are silent. */
    public record LocationRow(String name, String state, String css, String attempt, String lastCheck, String output, boolean contact) {}

    public record ServiceDetail(Frame frame, ServiceRow service, String hostHref, String type, String longOutput,
                                String flapPercent, List<Change> timeline, List<ResultRow> results, boolean passive,
                                String nextCheck, boolean removable, boolean problem, List<DeliveryRow> deliveries,
                                List<Uptime> uptime, List<UptimeBar> bars, List<Graph> graphs, String pingPath,
                                List<LocationRow> locations, String quorum) {}

    /** The share of OK results over a window ("24 h": "99.93 %"), or "—" without results in it. */
    public record Uptime(String window, String percent) {}

    /** One hour of the uptime strip: its colour and what it says on hover. */
    public record UptimeBar(String css, String title) {}

    public record SilenceRow(String id, String matchers, String starts, String ends, String author, String comment,
                             boolean active) {}

    public record Silences(Frame frame, List<SilenceRow> silences) {}

    public record DeliveryRow(String created, String receiver, String channel, String status, String title, String state,
                              String css, int attempts, String sent, String error, int events, String incident) {}

    public record ReceiverRow(String name, String channels, String period) {}

    public record Notifications(Frame frame, List<DeliveryRow> deliveries, List<ReceiverRow> receivers) {}

    public record Events(Frame frame, List<EventRow> events, String host, String source, String severity,
                         String since, List<String> hosts, List<String> sources) {}

    public record Login(String csrf, String error, String next) {}

    public record Setup(String csrf, String token, String error) {}

    public record SeriesPage(Frame frame, String host, String name, String unit, String range, String dataUrl,
                             String hostHref, String pngUrl) {}

    public record AckPage(String what, String token, String csrf, String done) {}

    public record ErrorPage(String title, String message, String incident) {}

    /** The log search page: the query, the range, the histogram, a page of hits, and sources with problems. */
    public record LogsPage(Frame frame, String q, String from, String to, String range, long total, List<LogHit> hits,
                           List<Bar> histogram, String error, String newer, String older, List<String> problems,
                           List<SavedSearch> saved, List<String> inputs, String axisFrom, String axisTo) {}

    /** One line found: its fields as links that narrow the search, and a link to the lines around it. */
    /** A log line found; {@code incident} is the incident its alert is in, 0 when none. */
    public record LogHit(String time, String host, String location, String message, Integer rule, int level,
                         List<FieldLink> fields, String aroundHref, String css, long incident) {}

    public record FieldLink(String name, String value, String href) {}

    /** A histogram bar: its position and height in percent, how many lines, and a link that zooms into it. */
    public record Bar(double x, double width, double height, long count, String label, String href) {}

    public record SavedSearch(String name, String query, String href, String rule, boolean stored) {}

    /** The lines around one hit, from the same file or sender. */
    public record LogsAround(Frame frame, String location, List<LogHit> lines, String hitId, String backHref) {}

    /** The integrity page: changes waiting to be accepted, audit findings worst first, and what could not be read. */
    public record IntegrityPage(Frame frame, boolean enabled, List<PendingChange> changes, List<AuditFinding> findings,
                                List<String> problems, List<String> watched) {}

    public record PendingChange(String path, String change, String before, String after, String diff, String css) {}

    public record AuditFinding(String kind, String path, String severity, String why, String remediation, String css) {}

    /** The threats page: findings as filtered, the sources' state, and (for admins) what is watched. */
    public record ThreatsPage(Frame frame, List<ThreatRow> findings, String state, String source, String severity, List<String> sources,
                              List<SourceRow> sourceRows, List<String> terms, int ownSecrets, List<String> problems) {}

    public record ThreatRow(long id, String severity, String css, String title, String source, String terms, String state,
                            String lastSeen) {}

    public record SourceRow(String name, String type, String url, String interval, String lastRun, String nextRun, long documents,
                            long findings, String lastError) {}

    /** One finding with its masked excerpt in context and its triage history. */
    public record ThreatDetail(Frame frame, long id, String title, String severity, String css, String state, String source,
                               String url, String where, String terms, String rules, int secrets, String firstSeen, String lastSeen,
                               String assignee, String tags, String excerpt, List<HistoryRow> history) {}

    public record HistoryRow(String at, String who, String what, String text) {}

    /** The incidents page: newest first, filtered by state. */
    public record IncidentsPage(Frame frame, List<IncidentRow> incidents, String state) {}

    public record IncidentRow(long id, String title, String severity, String css, String state, String kind, String host, String opened,
                              String ago, int events, String earliest) {}

    /**
     * One incident on one screen: what it is, its timeline with the earliest signal marked, each event's details
     * (masked) and evidence links.
     */
    public record IncidentDetail(Frame frame, long id, String title, String severity, String css, String state, String kind, String host,
                                 String opened, String resolved, String note, long follows, List<TimelineEntry> timeline,
                                 List<Graph> graphs, List<LogLine> logs, List<dev.vigil.core.event.EvidenceLink> searches) {}

    /** A log line beside an incident: masked, with where it came from. */
    public record LogLine(String when, String host, String location, String message) {}

    public record TimelineEntry(long event, String when, String ago, String source, String host, String kind, String severity, String css,
                                String title, String details, boolean earliest, List<dev.vigil.core.event.EvidenceLink> evidence) {}

    /** The Agents page: each agent, the join tokens, how to enroll one (and a token just made, shown this once). */
    public record AgentsPage(Frame frame, List<AgentRow> agents, List<JoinTokenRow> tokens, String listener, String fingerprint,
                             String created, int outOfDate, boolean createdProbe) {}

    public record AgentRow(String id, String host, String version, String labels, String lastSeen, String buffered, String plan,
                           boolean planCurrent, String skew, String state, String css, String os, String lost, boolean integrity,
                           String location) {}

    /** @param kind "agents" or "probes": what the token enrolls */
    public record JoinTokenRow(String id, String labels, String expires, String used, String kind) {}

    /** The services that send traces, with their figures over the last 15 minutes, and the map of their calls. */
    public record Applications(Frame frame, boolean enabled, List<AppService> services, ServiceMap map) {}

    /** The service map drawn in SVG (within the content policy): boxes and the calls between them, in SVG units. */
    public record ServiceMap(int width, int height, int boxWidth, int boxHeight, List<MapNode> nodes, List<MapEdge> edges) {}

    /** A box of the map: a service (linked to its page) or a dependency that sends no traces of its own. */
    public record MapNode(String name, String label, boolean service, int x, int y, String css) {}

    /** A call: from the right edge of one box to the left edge of another, its rate and errors at the middle. */
    public record MapEdge(int x1, int y1, int x2, int y2, int labelX, int labelY, String label, String css) {}

    /** A service on the Applications page: its figures and, per figure, its last hour minute by minute. */
    public record AppService(AppRow figures, Spark rate, Spark errors, Spark p95, Spark apdex) {}

    /**
     * A sparkline: {@code points} for an SVG polyline in a 100 by 20 box (drawn in SVG, which the page's content
     * policy allows), and what it shows in words for screen readers and hover.
     */
    public record Spark(String points, String label) {}

    /** One service, operation or dependency: requests a second, error share, p95, Apdex; css from its error share. */
    public record AppRow(String name, long requests, String rate, String errors, String p95, String apdex, String css) {}

    /**
     * One service: its latency chart (deploys marked, a point opens that minute's traces) when its series exist, its
     * operations and dependencies, the traces of one chosen minute, its latest failed traces and its slowest kept ones.
     *
     * @param chart the chart's data address, or empty before the service's first minute closed
     * @param minute the chosen minute in words, or empty when none is chosen
     */
    public record Application(Frame frame, String name, String chart, List<AppRow> operations, List<AppRow> dependencies,
                              String minute, List<TraceRow> ofMinute, List<TraceRow> failed, List<TraceRow> slowest) {}

    /** A kept trace in a list. */
    public record TraceRow(String id, String service, String name, String start, String duration, String kept, boolean error) {}

    /** One kept trace: its spans in order of start. */
    public record Trace(Frame frame, String id, String service, String name, String start, String duration, String kept,
                        List<SpanRow> spans, List<TraceLog> logs, String logsHref) {}

    /** A log line that carries the trace's id (sent over OTLP by the application's logging). */
    public record TraceLog(String time, String host, String message) {}

    /**
     * One span of a waterfall: {@code x} and {@code width} in thousandths of the trace (drawn in SVG, which the page's
     * content policy allows where inline styles are not); {@code indent} the class for its depth under its parent.
     */
    public record SpanRow(String service, String name, String kind, int depth, String indent, int x, int width, String duration,
                          boolean error, String statusMessage, List<String> attributes) {}
}
