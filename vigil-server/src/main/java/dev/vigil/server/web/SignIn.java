package dev.vigil.server.web;

import dev.vigil.core.RandomId;
import dev.vigil.core.access.Users;
import dev.vigil.core.config.Durations;
import dev.vigil.core.text.LogText;
import java.time.Duration;
import java.util.Optional;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in and out, and the first-run setup: the one-time link that creates the first admin (never a
 * default password). Failed sign-ins are throttled per address and per user; every sign-in gets a fresh
 * session id.
 */
final class SignIn {
    private static final Logger log = LoggerFactory.getLogger(SignIn.class);

    private final Pages pages;
    private final Users users;
    private final WebSessions sessions;
    private final LoginThrottle throttle;
    private volatile String setupToken;
    private long usersAddedAtSetup;
    private boolean setupClosed;

    SignIn(Pages pages, Users users, WebSessions sessions, LoginThrottle throttle) {
        this.pages = pages;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    void register(Javalin app) {
        app.get("/login", this::loginPage);
        app.post("/login", this::login);
        app.post("/logout", this::logout);
        app.get("/setup", this::setupPage);
        app.post("/setup", this::setup);
    }

    /**
     * The one-time link for creating the first admin, when there is no user yet (never a default password).
     * Returns the path with its token, or empty when users exist.
     */
    synchronized Optional<String> setupLink() {
        if (!setupOpen()) {
            return Optional.empty();
        }
        if (setupToken == null) {
            setupToken = RandomId.next();
            usersAddedAtSetup = users.everAdded();
        }
        return Optional.of("/setup?token=" + setupToken);
    }

    /**
     * Setup is open while there is no user and none was ever added since the link was made: once a user was
     * added (here or with {@code vigil user add}), removing every user does not bring an old link back.
     */
    private synchronized boolean setupOpen() {
        if (setupClosed) {
            return false;
        }
        if (!users.isEmpty() || (setupToken != null && users.everAdded() != usersAddedAtSetup)) {
            setupClosed = true;
            setupToken = null;
            return false;
        }
        return true;
    }

    private boolean setupTokenMatches(String token) {
        String expected = setupToken;
        return setupOpen() && expected != null && token != null && Pages.same(token, expected);
    }

    private void loginPage(Context ctx) {
        if (users.isEmpty()) {
            pages.render(ctx, "login.jte", new Model.Login(pages.freshCsrfCookie(ctx), setupLink().isPresent()
                    ? "No user exists yet. Use the setup link printed when the server started."
                    : "No user exists. Add one with: vigil user add NAME --role admin (or restart Vigil for a new setup link).", "/"));
            return;
        }
        pages.render(ctx, "login.jte", new Model.Login(pages.freshCsrfCookie(ctx), null, Pages.safeNext(ctx.queryParam("next"))));
    }

    private void login(Context ctx) {
        String user = Pages.trim(ctx.formParam("username"), 64);
        String password = ctx.formParam("password");
        Optional<Duration> wait = throttle.blocked(user, ctx.ip());
        if (wait.isPresent()) {
            ctx.status(429).header("Retry-After", String.valueOf(wait.get().toSeconds() + 1));
            pages.render(ctx, "login.jte", new Model.Login(pages.freshCsrfCookie(ctx), "Too many failed sign-ins. Try again in "
                    + Durations.format(Duration.ofSeconds(wait.get().toSeconds() + 1)) + ".", "/"));
            return;
        }
        Optional<Users.User> found = users.authenticate(user, password == null ? null : password.toCharArray());
        if (found.isEmpty()) {
            throttle.failed(user, ctx.ip());
            log.warn("failed sign-in for user '{}' from {}", LogText.safe(user), ctx.ip());
            ctx.status(401);
            pages.render(ctx, "login.jte", new Model.Login(pages.freshCsrfCookie(ctx), "Wrong user name or password.",
                    Pages.safeNext(ctx.formParam("next"))));
            return;
        }
        throttle.succeeded(user, ctx.ip());
        signIn(ctx, found.get());
        ctx.redirect(Pages.safeNext(ctx.formParam("next")), HttpStatus.SEE_OTHER);
    }

    private void signIn(Context ctx, Users.User user) {
        sessions.close(ctx.cookie(Pages.SESSION_COOKIE)); // a fresh id on every sign-in: no session fixation
        WebSessions.Session s = sessions.open(user);
        ctx.cookie(pages.cookie(Pages.SESSION_COOKIE, s.id(), (int) WebSessions.LIFETIME.toSeconds()));
        ctx.cookie(pages.cookie(Pages.CSRF_COOKIE, "", 0));
    }

    private void logout(Context ctx) {
        sessions.close(ctx.cookie(Pages.SESSION_COOKIE));
        ctx.cookie(pages.cookie(Pages.SESSION_COOKIE, "", 0));
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    private void setupPage(Context ctx) {
        String token = ctx.queryParam("token");
        if (!setupTokenMatches(token)) {
            pages.error(ctx, 404, "Setup link not valid", "This setup link was used already or is wrong.");
            return;
        }
        pages.render(ctx, "setup.jte", new Model.Setup(pages.freshCsrfCookie(ctx), token, null));
    }

    private synchronized void setup(Context ctx) {
        String token = ctx.formParam("token");
        if (!setupTokenMatches(token)) {
            pages.error(ctx, 404, "Setup link not valid", "This setup link was used already or is wrong.");
            return;
        }
        String user = Pages.trim(ctx.formParam("username"), 64);
        String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
        if (!password.equals(ctx.formParam("repeat"))) {
            pages.render(ctx, "setup.jte", new Model.Setup(pages.freshCsrfCookie(ctx), token, "The passwords differ."));
            return;
        }
        try {
            users.add(user, Users.Role.ADMIN, password.toCharArray());
        } catch (IllegalArgumentException e) {
            ctx.status(400);
            pages.render(ctx, "setup.jte", new Model.Setup(pages.freshCsrfCookie(ctx), token, e.getMessage()));
            return;
        }
        setupOpen(); // a user exists now: the link is used up for good
        log.info("first admin '{}' created through the setup link", LogText.safe(user));
        signIn(ctx, users.find(user).orElseThrow());
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }
}
