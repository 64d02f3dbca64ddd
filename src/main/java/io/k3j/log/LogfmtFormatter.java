package io.k3j.log;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One line per record in the logfmt shape K3s prints (time="…" level=info msg="…"), so the same
 * grep and log shippers work for k3j. Parameters of the record are appended as key=value pairs
 * when the message has no {0} placeholders: {@code log.log(INFO, "listening", new Object[]{"port", 6443})}.
 */
public final class LogfmtFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("time=\"").append(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(r.getMillis()))).append('"');
        sb.append(" level=").append(level(r.getLevel()));
        String msg = r.getMessage() == null ? "" : r.getMessage();
        Object[] params = r.getParameters();
        boolean positional = msg.contains("{0");
        if (positional) {
            msg = formatMessage(r);
        }
        sb.append(" msg=").append(quote(msg));
        String logger = r.getLoggerName();
        if (logger != null && logger.startsWith("io.k3j.")) {
            String rest = logger.substring("io.k3j.".length());
            int dot = rest.indexOf('.');
            sb.append(" component=").append(dot > 0 ? rest.substring(0, dot) : rest);
        }
        if (!positional && params != null) {
            for (int i = 0; i + 1 < params.length; i += 2) {
                sb.append(' ').append(params[i]).append('=').append(quoteIfNeeded(String.valueOf(params[i + 1])));
            }
        }
        if (r.getThrown() != null) {
            sb.append(" error=").append(quote(String.valueOf(r.getThrown())));
            // Vert.x's blocked-thread warning carries the blocked loop's stack: without it the warning names no culprit.
            if (r.getLevel().intValue() >= Level.SEVERE.intValue() || Level.FINE.equals(r.getLevel())
                    || "Thread blocked".equals(r.getThrown().getMessage())) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                sb.append('\n').append(sw);
            }
        }
        return sb.append('\n').toString();
    }

    private static String level(Level l) {
        int v = l.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "error";
        }
        if (v >= Level.WARNING.intValue()) {
            return "warning";
        }
        if (v >= Level.INFO.intValue()) {
            return "info";
        }
        if (v >= Level.FINE.intValue()) {
            return "debug";
        }
        return "trace";
    }

    private static String quoteIfNeeded(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '"' || c == '=') {
                return quote(s);
            }
        }
        return s.isEmpty() ? "\"\"" : s;
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
