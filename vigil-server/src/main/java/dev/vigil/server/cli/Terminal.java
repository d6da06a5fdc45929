package dev.vigil.server.cli;

import java.io.Console;

/** Whether a person is watching the command: where progress lines make sense. */
final class Terminal {
    private Terminal() {}

    /**
     * Since JDK 22 System.console() is not null even when output is redirected, so Console.isTerminal() decides
     * where it exists (called reflectively: the build targets Java 21, where a console exists only on a terminal).
     */
    static boolean attached() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
