package dev.vigil.server.config;

import dev.vigil.checks.Check;
import dev.vigil.checks.Target;
import dev.vigil.checks.config.Registrations;
import dev.vigil.checks.exec.ExecCheck;
import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigException;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration Vigil follows: the config files (or the built-in local host config) merged with the
 * hosts and services registered through the API, always validated as a whole. Every change (a reload, a
 * registration, a removal) yields a new {@link LoadedConfig} or an error, and on an error nothing changes.
 */
public final class LiveConfig {
    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    private final Registrations registrations;
    private final InstantSource clock;
    private final int port;
    private volatile ConfigFiles files; // null when running on the built-in local host config
    private volatile Path awaitedConfig; // a file that, once it exists, replaces the built-in config
    private volatile LoadedConfig current;
    private volatile Set<Target> registered = Set.of();
    private volatile Consumer<LoadedConfig> registrationsChanged = c -> { };

    /** @param port the server's own port (the built-in config checks it) */
    public LiveConfig(ConfigFiles files, LoadedConfig initial, Registrations registrations, InstantSource clock, int port) {
        this.files = files;
        this.current = initial;
        this.registrations = registrations;
        this.clock = clock;
        this.port = port;
    }

    /** Loads config files (or the built-in local host config) without starting anything. */
    public static LoadedConfig load(ConfigFiles files, InstantSource clock, int localPort,
                                    List<Map<String, Object>> hosts, List<Map<String, Object>> services)
            throws ConfigException {
        if (files != null) {
            return files.load(clock, hosts, services);
        }
        ConfigNode root = YamlFiles.parse(LocalHost.detect(localPort), LocalHost.NAME);
        return ConfigFiles.build(List.of(root), new ConfigErrors(), clock, hosts, services);
    }

    /** Told of the config after every registration or removal through the API (reloads are applied by their caller). */
    public void onRegistrationsChanged(Consumer<LoadedConfig> listener) {
        this.registrationsChanged = listener;
    }

    public LoadedConfig current() {
        return current;
    }

    /** The files with every registration, as the configuration to start with. */
    public synchronized LoadedConfig load() throws ConfigException {
        List<Registrations.Registration> regs = registrations.list();
        return adopt(loadWith(regs), regs);
    }

    /**
     * Re-reads the files (adopting an awaited ./vigil.yml that appeared); on any error keeps the running
     * config and throws with every error.
     */
    public synchronized LoadedConfig reload() throws ConfigException {
        Path awaited = awaitedConfig;
        ConfigFiles before = files;
        if (before == null && awaited != null && Files.isRegularFile(awaited)) {
            files = new ConfigFiles(awaited, awaited.getFileName().toString());
        }
        LoadedConfig next;
        List<Registrations.Registration> regs = registrations.list();
        try {
            next = loadWith(regs);
        } catch (ConfigException e) {
            files = before; // a new file with errors does not replace the built-in config
            throw e;
        }
        if (before == null && files != null) {
            log.info("reloading from {} instead of the built-in config", files.path().getFileName());
        }
        return adopt(next, regs);
    }

    /**
     * Started on the built-in config: {@code file} (./vigil.yml) is read by the first reload after it appears,
     * as a user who writes a config next to a running Vigil expects.
     */
    public void adoptWhenCreated(Path file) {
        this.awaitedConfig = file;
    }

    /** The config file in use, or null on the built-in one. */
    public Path file() {
        ConfigFiles f = files;
        return f == null ? null : f.path();
    }

    /**
     * Registers (or replaces) a runtime host or service after validating the whole resulting config; nothing
     * is stored when it would not validate or the {@code api:} section does not allow it.
     */
    public LoadedConfig register(Registrations.Registration registration) throws ConfigException {
        return register(registration, true);
    }

    /**
     * Registers an object the configuration itself asked for (an agent's host by an {@code autoregister:} rule, the
     * passive service of an agent's check): validated as a whole, but not judged by the {@code api:} section, which
     * limits what API clients may register.
     */
    public LoadedConfig registerByConfig(Registrations.Registration registration) throws ConfigException {
        return register(registration, false);
    }

    private synchronized LoadedConfig register(Registrations.Registration registration, boolean fromApi) throws ConfigException {
        List<Registrations.Registration> kept = new ArrayList<>();
        for (Registrations.Registration r : registrations.list()) {
            boolean replaced = r.kind() == registration.kind() && r.host().equals(registration.host())
                    && Objects.equals(r.service(), registration.service());
            if (!replaced) {
                kept.add(r);
            }
        }
        kept.add(registration);
        LoadedConfig next = loadWith(kept);
        if (fromApi) {
            refuseUnsafe(registration, next);
        }
        registrations.save(registration);
        adopt(next, kept);
        registrationsChanged.accept(next);
        return next;
    }

    /**
     * Removes a runtime registration (a host's removal takes its registered services along); null if there
     * was none, e.g. the object comes from a file. Validated first, so a removal that would orphan objects
     * in files is refused and nothing changes.
     */
    public synchronized LoadedConfig unregister(Registrations.Kind kind, String host, String service) throws ConfigException {
        List<Registrations.Registration> kept = new ArrayList<>();
        boolean found = false;
        for (Registrations.Registration r : registrations.list()) {
            boolean removed = kind == Registrations.Kind.HOST
                    ? r.host().equals(host)
                    : r.kind() == Registrations.Kind.SERVICE && r.host().equals(host) && r.service().equals(service);
            found |= removed && r.kind() == kind;
            if (!removed) {
                kept.add(r);
            }
        }
        if (!found) {
            return null;
        }
        LoadedConfig next = loadWith(kept);
        registrations.remove(kind, host, service);
        adopt(next, kept);
        registrationsChanged.accept(next);
        return next;
    }

    /**
     * Whether an object was registered through the API (not from a file). Answered from a set refreshed on
     * every load, so listing 20,000 services does not read the database 20,000 times.
     */
    public boolean isRegistered(Target target) {
        return registered.contains(target);
    }

    /** A registration the {@code api:} section does not allow (a command to run, a target outside the allowed ones). */
    public static final class RegistrationRefused extends RuntimeException {
        RegistrationRefused(String message) {
            super(message, null, false, false);
        }
    }

    private LoadedConfig loadWith(List<Registrations.Registration> regs) throws ConfigException {
        List<Map<String, Object>> hosts = new ArrayList<>();
        List<Map<String, Object>> services = new ArrayList<>();
        for (Registrations.Registration r : regs) {
            (r.kind() == Registrations.Kind.HOST ? hosts : services).add(r.definition());
        }
        return load(files, clock, port, hosts, services);
    }

    /** Makes {@code next} current, with the registrations it was built from (read once, not again). */
    private LoadedConfig adopt(LoadedConfig next, List<Registrations.Registration> regs) {
        Set<Target> now = new HashSet<>();
        for (Registrations.Registration r : regs) {
            now.add(r.kind() == Registrations.Kind.HOST ? Target.host(r.host()) : Target.service(r.host(), r.service()));
        }
        registered = Set.copyOf(now);
        current = next;
        return next;
    }

    /**
     * Judges the registered object as it resolved (templates included): a check that runs a command needs
     * {@code api.allow_exec_registration}; one that connects somewhere needs a target in {@code api.allowed_targets}.
     */
    private static void refuseUnsafe(Registrations.Registration r, LoadedConfig next) {
        var api = next.api();
        String type;
        Check check;
        if (r.kind() == Registrations.Kind.HOST) {
            var h = next.plan().hosts().get(r.host());
            type = h == null ? null : h.checkType();
            check = h == null ? null : h.check();
        } else {
            var d = next.plan().services().get(Target.service(r.host(), r.service()));
            type = d == null ? null : d.type();
            check = d == null ? null : d.check();
        }
        if (check instanceof ExecCheck || "exec".equals(type)) {
            if (!api.allowExecRegistration()) {
                throw new RegistrationRefused("checks that run a command can only come from the configuration files "
                        + "(or set api: {allow_exec_registration: true})");
            }
        }
        if (check != null && check.target().isPresent() && !api.allows(check.target().get())) {
            throw new RegistrationRefused("target '" + check.target().get() + "' is not in api.allowed_targets");
        }
    }
}
