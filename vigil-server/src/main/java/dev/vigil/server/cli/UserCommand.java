package dev.vigil.server.cli;

import dev.vigil.core.access.Users;
import dev.vigil.server.OfflineStores;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vigil user add|passwd|remove|list}: dashboard users; passwords are read from standard input. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage dashboard users.",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
public final class UserCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * Reads a password: from the terminal without echo (asked twice), or else the first line of standard
     * input, so scripts can pipe it in ({@code printf '%s\n' "$PW" | vigil user add ...}).
     */
    static char[] readPassword() throws IOException {
        Console console = System.console();
        if (interactive(console)) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Repeat password: ");
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new IllegalArgumentException("the passwords differ");
            }
            Arrays.fill(second, ' ');
            return first;
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line = in.readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line.toCharArray();
    }

    /** Reads the password, hands it over, and wipes it from memory whatever happens. */
    static void withPassword(Consumer<char[]> use) throws IOException {
        char[] password = readPassword();
        try {
            use.accept(password);
        } finally {
            Arrays.fill(password, ' ');
        }
    }

    /** Console.isTerminal() exists from Java 22; on 21 a non-null console already means a terminal. */
    private static boolean interactive(Console console) {
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    abstract static class UserAction extends TokenCommand.DataOptions implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            try (OfflineStores stores = open()) {
                return run(stores.users());
            } catch (IllegalArgumentException e) {
                System.err.println("vigil: " + e.getMessage());
                return 1;
            }
        }

        abstract int run(Users users) throws Exception;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a user; the password is read from standard input (no echo on a terminal).")
    static final class Add extends UserAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--role", required = true, description = "admin or viewer")
        String role;

        @Override
        int run(Users users) throws Exception {
            Users.Role r = Users.Role.parse(role);
            withPassword(password -> users.add(name, r, password));
            System.out.println("added user " + name + " (" + r.id() + ")");
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password (read from standard input).")
    static final class Passwd extends UserAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(Users users) throws Exception {
            if (users.find(name).isEmpty()) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            withPassword(password -> users.setPassword(name, password));
            System.out.println("password changed for " + name);
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    static final class Remove extends UserAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(Users users) {
            if (!users.remove(name)) {
                throw new IllegalArgumentException("no user '" + name + "'");
            }
            System.out.println("removed user " + name);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class ListUsers extends UserAction {
        @Override
        int run(Users users) {
            System.out.printf("%-24s  %-7s  %s%n", "NAME", "ROLE", "LAST LOGIN");
            for (Users.User u : users.list()) {
                System.out.printf("%-24s  %-7s  %s%n", u.name(), u.role().id(), u.lastLogin() == null ? "never" : u.lastLogin());
            }
            return 0;
        }
    }
}
