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

    private Logging() {
    }

    public static void configure(boolean debug) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler h = new ConsoleHandler(); // stderr, so stdout stays clean for command output
        h.setFormatter(new LogfmtFormatter());
        h.setLevel(Level.ALL);
        root.addHandler(h);
        root.setLevel(Level.INFO);
        Logger.getLogger("io.k3j").setLevel(debug ? Level.FINE : Level.INFO);
        // Libraries only speak up when something is wrong.
        Logger.getLogger("io.netty").setLevel(Level.WARNING);
        Logger.getLogger("io.vertx").setLevel(Level.WARNING);
        Logger.getLogger("io.micrometer").setLevel(Level.WARNING);
    }
}
