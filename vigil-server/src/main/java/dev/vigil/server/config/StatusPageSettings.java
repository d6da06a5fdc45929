package dev.vigil.server.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code status_pages:} section: public, read-only pages of components, each mapped to a service
 * ({@code service: "web/http"}), a host ({@code host: db1}) or a host group ({@code group: web}) under a public name,
 * so nothing internal (host names, plugin output) is shown unless chosen. The first page is {@code /status}; each is
 * also {@code /status/NAME}.
 */
public record StatusPageSettings(List<Page> pages) {
    public static final String KEY = "status_pages";
    public static final StatusPageSettings NONE = new StatusPageSettings(List.of());

    public StatusPageSettings {
        pages = List.copyOf(pages);
    }

    /** What a component stands for. */
    public enum Kind { SERVICE, HOST, GROUP }

    /** @param target "HOST/SERVICE", a host name or a group name, by {@code kind} */
    public record Component(String name, Kind kind, String target, String description) {}

    /**
     * @param colour the accent colour (a CSS hex colour), @param logo the URL of the logo shown above the title, or null
     * @param showOutput whether a component's check output is shown (off: it may name internal things)
     */
    public record Page(String name, String title, String description, String logo, String colour, ZoneId zone, boolean showOutput,
                       List<Component> components) {
        public Page {
            components = List.copyOf(components);
        }
    }

    public static StatusPageSettings read(List<ConfigNode> nodes, ConfigErrors errors) {
        List<Page> pages = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ConfigNode n : nodes) {
            Section s = Section.of(n, "a status page", errors);
            String name = s.required("name", "the page's name, in its URL (/status/NAME)");
            if (!name.isEmpty() && !name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
                s.error("name", "a status page's name is lower-case letters, digits and '-', found '" + name + "'");
            } else if (!name.isEmpty() && (!names.add(name) || name.equals("api") || name.equals("badge"))) {
                s.error("name", "status page name '" + name + "' is taken");
            }
            String title = s.string("title", "Status");
            String description = s.string("description", "");
            String logo = s.string("logo", null);
            if (logo != null && !logo.matches("(https?://|/)[^\"'<>\\s]*")) {
                s.error("logo", "'logo' must be an http(s) URL or a path, found '" + logo + "'");
            }
            String colour = s.string("colour", "#1f6feb");
            if (!colour.matches("#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")) {
                s.error("colour", "'colour' must be a hex colour such as #1f6feb, found '" + colour + "'");
            }
            ZoneId zone = s.zone("timezone", ZoneId.systemDefault());
            boolean output = s.bool("show_output", false);
            List<Component> components = new ArrayList<>();
            for (ConfigNode c : s.list("components")) {
                Section cs = Section.of(c, "a status page component", errors);
                String cname = cs.required("name", "the component's public name, e.g. Website");
                List<String> set = new ArrayList<>();
                for (String k : List.of("service", "host", "group")) {
                    if (cs.has(k)) {
                        set.add(k);
                    }
                }
                if (set.size() != 1) {
                    cs.error("name", "a component names exactly one of 'service' (HOST/SERVICE), 'host' or 'group'");
                } else {
                    String k = set.get(0);
                    String target = cs.string(k, "");
                    if (k.equals("service") && !target.matches("[^/]+/.+")) {
                        cs.error("service", "'service' is HOST/SERVICE, e.g. web/http, found '" + target + "'");
                    }
                    components.add(new Component(cname, Kind.valueOf(k.toUpperCase(java.util.Locale.ROOT)), target, cs.string("description", "")));
                }
                cs.finish();
            }
            if (components.isEmpty()) {
                s.error("components", "a status page needs 'components', e.g. [{name: Website, service: web/http}]");
            }
            s.finish();
            pages.add(new Page(name, title, description, logo, colour, zone, output, components));
        }
        return new StatusPageSettings(pages);
    }
}
