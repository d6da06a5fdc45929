package dev.vigil.checks.config;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.vigil.checks.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A period when problems are expected and must not alert: one-off ({@code start}–{@code end}) or recurring
 * (a cron expression plus a duration, e.g. the Thursday 04:30 backup window: {@code 30 4 * * 4} for 1h).
 * A downtime on a host (no service) covers the host and all its services.
 */
public record Downtime(String id, String host, String service, Instant start, Instant end, String cron,
                       Duration duration, ZoneId zone, String comment, String author) {
    private static final CronParser PARSER =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public Downtime {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        comment = comment == null ? "" : comment;
        author = author == null ? "" : author;
        if (cron == null) {
            if (start == null || end == null || !end.isAfter(start)) {
                throw new IllegalArgumentException("a one-off downtime needs start and end, with end after start");
            }
        } else {
            parseCron(cron);
            if (duration == null || duration.isZero()) {
                throw new IllegalArgumentException("a recurring downtime needs a duration such as 1h");
            }
            zone = zone == null ? ZoneId.systemDefault() : zone;
        }
    }

    /** Validates a five-field Unix cron expression; the message says what is wrong. */
    public static Cron parseCron(String expression) {
        try {
            return PARSER.parse(expression);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + expression
                    + "': expected five fields (minute hour day-of-month month day-of-week), e.g. '30 4 * * 4'");
        }
    }

    public boolean covers(Target target) {
        return host.equals(target.host()) && (service == null || service.equals(target.service()));
    }

    public boolean isActive(Instant at) {
        return window(at).isPresent();
    }

    /** The window containing {@code at}, if any: for cron, the most recent start and start + duration. */
    public Optional<Instant[]> window(Instant at) {
        if (cron == null) {
            return !at.isBefore(start) && at.isBefore(end) ? Optional.of(new Instant[] {start, end}) : Optional.empty();
        }
        ExecutionTime times = ExecutionTime.forCron(parseCron(cron));
        ZonedDateTime now = at.atZone(zone);
        // A start exactly now counts as active, so look back from one second later.
        Optional<ZonedDateTime> last = times.lastExecution(now.plusSeconds(1));
        return last.map(ZonedDateTime::toInstant)
                .filter(s -> !s.isAfter(at) && at.isBefore(s.plus(duration)))
                .map(s -> new Instant[] {s, s.plus(duration)});
    }

    public boolean isRecurring() {
        return cron != null;
    }
}
