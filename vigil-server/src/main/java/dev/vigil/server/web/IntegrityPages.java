package dev.vigil.server.web;

import dev.vigil.integrity.fim.FileChange;
import dev.vigil.integrity.fim.FimPath;
import dev.vigil.server.Vigil;
import java.util.ArrayList;
import java.util.List;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;

/** The integrity page (pending changes and audit findings) and accepting changes. */
final class IntegrityPages {
    private final Pages pages;
    private final Vigil vigil;
    private final Dashboard dashboard;

    IntegrityPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
        this.dashboard = pages.dashboard();
    }

    void register(Javalin app) {
        app.get("/integrity", ctx -> pages.render(ctx, "integrity.jte", integrityPage(pages.frame(ctx, "Integrity", "integrity"))));
        app.post("/actions/integrity-accept", ctx -> {
            String path = ctx.formParam("path");
            vigil.integrity().accept(path == null || path.isBlank() ? null : path);
            ctx.redirect("/integrity", HttpStatus.SEE_OTHER);
        });
    }

    private Model.IntegrityPage integrityPage(Model.Frame frame) {
        List<Model.PendingChange> changes = new ArrayList<>();
        for (var c : vigil.integrity().pending()) {
            changes.add(new Model.PendingChange(c.path(), c.kind().id(), c.before() == null ? "" : c.before().toString(),
                    c.after() == null ? "" : c.after().toString(), c.diff(),
                    c.kind() == FileChange.Kind.REMOVED || c.path().startsWith("/etc/sudoers") ? "critical" : "warning"));
        }
        List<Model.AuditFinding> findings = new ArrayList<>();
        for (var f : vigil.integrity().findings()) {
            findings.add(new Model.AuditFinding(f.kind().substring("audit:".length()), f.path(), f.severity(), f.why(), f.remediation(),
                    switch (f.severity()) {
                        case "critical", "high" -> "critical";
                        case "medium" -> "warning";
                        default -> "";
                    }));
        }
        var plan = vigil.integrity().plan();
        return new Model.IntegrityPage(frame, plan.enabled(), changes, findings, vigil.integrity().problems(),
                plan.paths().stream().map(FimPath::root).toList());
    }
}
