package dev.vigil.notify.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A routine report from the {@code reports:} config: which receiver gets it and when (a five-field cron
 * expression in a time zone, e.g. {@code 0 7 * * 1} for Mondays 07:00). Each report covers the time since
 * its previous run.
 */
public record ReportSchedule(String name, String receiver, String cron, ZoneId zone) {
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    public ReportSchedule {
        try {
            PARSER.parse(cron);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cron expression '" + cron
                    + "': expected five fields (minute hour day-of-month month day-of-week), e.g. '0 7 * * *'");
        }
    }

    public Optional<Instant> next(Instant after) {
        return ExecutionTime.forCron(PARSER.parse(cron)).nextExecution(after.atZone(zone)).map(z -> z.toInstant());
    }

    public Optional<Instant> previous(Instant before) {
        return ExecutionTime.forCron(PARSER.parse(cron)).lastExecution(before.atZone(zone)).map(z -> z.toInstant());
    }
}
