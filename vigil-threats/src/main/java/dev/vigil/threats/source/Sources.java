package dev.vigil.threats.source;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The registry of source types by the name used in {@code type:}. Adding a source is one class plus one
 * entry here.
 */
public final class Sources {

    /** How to build a source from its plan; {@code ownSites} are every http check's sites (for the exposure probe). */
    @FunctionalInterface
    interface Factory {
        Source create(SourcePlan plan, Supplier<List<Site>> ownSites);
    }

    /** One source type: its name, whether it needs a {@code url}, and how to build one. */
    record Type(String name, boolean needsUrl, Factory factory) {}

    private static final Map<String, Type> TYPES;

    static {
        Map<String, Type> t = new TreeMap<>();
        add(t, "pastebin", true, (plan, sites) -> new Pastebin(plan));
        add(t, "github", true, (plan, sites) -> new GitHub(plan));
        add(t, "crtsh", true, (plan, sites) -> new CertificateLog(plan));
        add(t, "feed", true, (plan, sites) -> new Feed(plan));
        add(t, "url", true, (plan, sites) -> new Page(plan));
        add(t, "exposure", false, Exposures::new);
        TYPES = Collections.unmodifiableMap(t);
    }

    private Sources() {}

    private static void add(Map<String, Type> types, String name, boolean needsUrl, Factory factory) {
        types.put(name, new Type(name, needsUrl, factory));
    }

    public static Set<String> names() {
        return TYPES.keySet();
    }

    public static boolean needsUrl(String type) {
        return TYPES.containsKey(type) && TYPES.get(type).needsUrl();
    }

    public static Source create(SourcePlan plan, Supplier<List<Site>> ownSites) {
        Type t = TYPES.get(plan.type());
        if (t == null) {
            throw new IllegalArgumentException("unknown source type '" + plan.type() + "'");
        }
        return t.factory().create(plan, ownSites);
    }
}
