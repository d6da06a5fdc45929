package dev.vigil.notify;

import dev.vigil.core.event.Event;
import dev.vigil.notify.config.Matcher;
import java.time.Instant;
import java.util.List;

/** Mutes matching alerts between {@code startsAt} and {@code endsAt}, with who and why. */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String author, String comment) {
    public Silence {
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (!endsAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("a silence must end after it starts");
        }
    }

    public boolean isActive(Instant at) {
        return !at.isBefore(startsAt) && at.isBefore(endsAt);
    }

    public boolean mutes(Event e, Instant at) {
        return isActive(at) && matchers.stream().allMatch(m -> m.matches(e));
    }
}
