package dev.vigil.server.web;

import dev.vigil.apm.derive.Operations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The service map laid out for SVG: services and what they call, left to right by how deep in the calls they sit
 * (the services users call first on the left, databases and external calls to the right), one box per node and
 * a line per call with its rate and errors.
 */
final class ServiceMap {
    private static final int BOX_WIDTH = 170;
    private static final int BOX_HEIGHT = 40;
    private static final int COLUMN = 300;
    private static final int ROW = 64;
    private static final int MAX_NODES = 60;

    private ServiceMap() {}

    /**
     * @param services the services with their own figures (they send traces)
     * @param calls each caller's calls to each callee ({@link Operations#calls})
     */
    static Model.ServiceMap of(List<Operations.Figures> services, List<Operations.Figures> calls) {
        Map<String, Operations.Figures> own = new HashMap<>();
        services.forEach(f -> own.put(f.service(), f));
        Set<String> names = new LinkedHashSet<>();
        services.forEach(f -> names.add(f.service()));
        calls.forEach(c -> {
            names.add(c.service());
            names.add(c.name());
        });
        List<String> nodes = names.stream().limit(MAX_NODES).toList();
        Map<String, List<String>> callees = new HashMap<>();
        Set<String> called = new java.util.HashSet<>();
        for (Operations.Figures c : calls) {
            if (!c.service().equals(c.name())) {
                callees.computeIfAbsent(c.service(), k -> new ArrayList<>()).add(c.name());
                called.add(c.name());
            }
        }
        // Depth first from the callers nobody calls (then from whatever is left, a loop of calls): a call back to a box
        // still being walked closes a loop and is left out of the depths, so each box sits right of all its callers.
        Set<String> back = new java.util.HashSet<>();
        Set<String> done = new java.util.HashSet<>();
        List<String> starts = new ArrayList<>(nodes.stream().filter(n -> !called.contains(n)).toList());
        starts.addAll(nodes);
        for (String start : starts) {
            walk(start, callees, new LinkedHashSet<>(), done, back);
        }
        Map<String, Integer> depth = new HashMap<>();
        nodes.forEach(n -> depth.put(n, 0));
        for (int round = 0; round < nodes.size(); round++) {
            boolean moved = false;
            for (Operations.Figures c : calls) {
                Integer from = depth.get(c.service());
                Integer to = depth.get(c.name());
                if (from != null && to != null && !back.contains(c.service() + "\n" + c.name()) && to < from + 1) {
                    depth.put(c.name(), from + 1);
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        Map<Integer, List<String>> columns = new HashMap<>();
        nodes.stream().sorted(Comparator.comparing((String n) -> !own.containsKey(n)).thenComparing(n -> n))
                .forEach(n -> columns.computeIfAbsent(depth.get(n), k -> new ArrayList<>()).add(n));
        Map<String, Model.MapNode> placed = new HashMap<>();
        int rows = 0;
        for (var column : columns.entrySet()) {
            int row = 0;
            for (String n : column.getValue()) {
                Operations.Figures f = own.get(n);
                String css = f == null ? "dependency" : f.errorRate() >= 0.05 ? "service critical" : f.errorRate() > 0 ? "service warning" : "service";
                placed.put(n, new Model.MapNode(n, shorten(n), f != null, 10 + column.getKey() * COLUMN, 10 + row * ROW, css));
                row++;
            }
            rows = Math.max(rows, row);
        }
        List<Model.MapEdge> edges = new ArrayList<>();
        for (Operations.Figures c : calls) {
            Model.MapNode a = placed.get(c.service());
            Model.MapNode b = placed.get(c.name());
            if (a == null || b == null || a == b) {
                continue;
            }
            int x1 = a.x() + BOX_WIDTH;
            int y1 = a.y() + BOX_HEIGHT / 2;
            int x2 = b.x();
            int y2 = b.y() + BOX_HEIGHT / 2;
            String label = String.format(Locale.ROOT, "%.1f/s", c.rate()) + (c.errorRate() > 0
                    ? String.format(Locale.ROOT, " · %.0f%% err", 100 * c.errorRate()) : "");
            edges.add(new Model.MapEdge(x1, y1, x2, y2, (x1 + x2) / 2, (y1 + y2) / 2 - 4, label,
                    c.errorRate() >= 0.05 ? "call critical" : c.errorRate() > 0 ? "call warning" : "call"));
        }
        int columnsUsed = columns.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        return new Model.ServiceMap(20 + Math.max(0, columnsUsed - 1) * COLUMN + BOX_WIDTH, 20 + Math.max(0, rows - 1) * ROW + BOX_HEIGHT,
                BOX_WIDTH, BOX_HEIGHT, List.copyOf(placed.values()), edges);
    }

    private static void walk(String node, Map<String, List<String>> callees, Set<String> path, Set<String> done, Set<String> back) {
        if (done.contains(node)) {
            return;
        }
        path.add(node);
        for (String next : callees.getOrDefault(node, List.of())) {
            if (path.contains(next)) {
                back.add(node + "\n" + next);
            } else {
                walk(next, callees, path, done, back);
            }
        }
        path.remove(node);
        done.add(node);
    }

    private static String shorten(String name) {
        return name.length() <= 22 ? name : name.substring(0, 21) + "…";
    }
}
