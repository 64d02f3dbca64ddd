package io.k3j.log;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Structured, quiet logging on java.util.logging (which Vert.x and Netty use when nothing else is
 * on the class path, so one configuration covers every library without an extra dependency).
 */
public final class Logging {

    /** JUL holds loggers weakly: a level set on one nobody references is lost at the next GC. */
    private static final java.util.List<Logger> CONFIGURED = new java.util.ArrayList<>();

    private Logging() {
    }

    private static void level(String name, Level level) {
        Logger l = Logger.getLogger(name);
        l.setLevel(level);
        synchronized (CONFIGURED) {
            CONFIGURED.add(l);
        }
    }

    public static void configure(boolean debug) {
        LogManager manager = LogManager.getLogManager();
        if (manager instanceof RetainingLogManager retaining) {
            retaining.resetNow();
        } else {
            manager.reset();
        }
        Logger root = Logger.getLogger("");
        Handler h = new ConsoleHandler(); // stderr, so stdout stays clean for command output
        h.setFormatter(new LogfmtFormatter());
        h.setLevel(Level.ALL);
        root.addHandler(h);
        root.setLevel(Level.INFO);
        level("io.k3j", debug ? Level.FINE : Level.INFO);
        // Libraries only speak up when something is wrong.
        level("io.netty", Level.WARNING);
        level("io.vertx", Level.WARNING);
        // Micrometer warns about duplicate gauge registrations that vertx-micrometer makes on its own.
        level("io.micrometer", Level.SEVERE);
    }
}
