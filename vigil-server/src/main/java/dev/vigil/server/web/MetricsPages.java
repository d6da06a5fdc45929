package dev.vigil.server.web;

import dev.vigil.metrics.SeriesKey;
import dev.vigil.server.Vigil;
import java.time.Duration;
import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.HttpStatus;

/** The metrics' pages: a series with its graph and forecast, the graph images and data, removing a series. */
final class MetricsPages {
    private final Pages pages;
    private final Vigil vigil;
    private final Dashboard dashboard;

    MetricsPages(Pages pages, Vigil vigil) {
        this.pages = pages;
        this.vigil = vigil;
        this.dashboard = pages.dashboard();
    }

    void register(Javalin app) {
        app.get("/series", ctx -> {
            SeriesKey key = Pages.seriesKey(ctx);
            var info = vigil.metrics().store().info(key);
            if (info.isEmpty()) {
                pages.notFound(ctx);
                return;
            }
            String range = Optional.ofNullable(ctx.queryParam("range")).orElse("day");
            String q = "host=" + Pages.url(key.host()) + "&name=" + Pages.url(key.name());
            String window = ctx.queryParam("from") != null && ctx.queryParam("to") != null
                    ? "&from=" + Pages.url(ctx.queryParam("from")) + "&to=" + Pages.url(ctx.queryParam("to")) : "&range=" + Pages.url(range);
            pages.render(ctx, "series.jte", new Model.SeriesPage(pages.frame(ctx, key.name() + " on " + key.host(), "hosts"), key.host(),
                    key.name(), info.get().unit(), range, "/series-data?" + q + window, Dashboard.hostHref(key.host()),
                    "/graph?" + q + "&range=" + Pages.url(range)));
        });
        app.get("/series-data", ctx -> ctx.json(SeriesData.of(vigil, Pages.seriesKey(ctx), ctx.queryParam("range"),
                ctx.queryParam("from"), ctx.queryParam("to"))));
        app.get("/graph", ctx -> {
            String host = ctx.queryParam("host");
            String name = ctx.queryParam("name");
            Duration span = switch (Optional.ofNullable(ctx.queryParam("range")).orElse("day")) {
                case "week" -> Duration.ofDays(7);
                case "month" -> Duration.ofDays(31);
                case "year" -> Duration.ofDays(365);
                default -> Duration.ofDays(1);
            };
            SeriesKey key;
            try {
                key = new SeriesKey(host, name);
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput(e.getMessage());
            }
            if (vigil.metrics().store().info(key).isEmpty()) {
                pages.notFound(ctx);
                return;
            }
            var now = vigil.scheduler().clock().instant();
            ctx.contentType("image/png").result(vigil.metrics().store().graph(key, now.minus(span), now, 500, 160));
        });
        app.post("/actions/remove-series", ctx -> {
            SeriesKey key;
            try {
                key = new SeriesKey(Pages.trim(ctx.formParam("host"), 200), Pages.trim(ctx.formParam("name"), 300));
            } catch (IllegalArgumentException e) {
                throw new Pages.BadInput("that is not a series name");
            }
            if (!vigil.metrics().store().remove(key)) {
                throw new Pages.BadInput("that series is not there any more");
            }
            ctx.redirect(Pages.safeNext(ctx.formParam("back")), HttpStatus.SEE_OTHER);
        });
    }
}
