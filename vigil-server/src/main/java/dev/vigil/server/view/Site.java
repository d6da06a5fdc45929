package dev.vigil.server.view;

import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The dashboard as the HTTP server hosts it: its routes, and how an error on one of its pages is shown.
 * The HTTP server knows only this interface, so the API and the pages never import each other.
 */
public interface Site {

    /** Adds the pages' routes (sign-in, the dashboard, its forms). */
    void register(Javalin app);

    /** Answers a page request with an error page: a status, a title and a message safe to show. */
    void error(Context ctx, int status, String title, String message);

    /** Answers a page request that failed unexpectedly: a generic page with an incident number, details in the log. */
    void failure(Context ctx, Exception e);

    /** The one-time link that creates the first admin, while no user exists. */
    Optional<String> setupLink();
}
