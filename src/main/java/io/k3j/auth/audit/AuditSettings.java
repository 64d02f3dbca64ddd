package io.k3j.auth.audit;

import java.nio.file.Path;
import java.util.Map;

/**
 * The audit flags kube-apiserver takes, as given through {@code --kube-apiserver-arg}: audit-log-path ("-" =
 * stdout), audit-policy-file, audit-log-maxage (days), audit-log-maxbackup (files), audit-log-maxsize (MB).
 */
public record AuditSettings(String logPath, Path policyFile, int maxAgeDays, int maxBackups, int maxSizeMegabytes) {

    public static final String LOG_PATH = "audit-log-path";
    public static final String POLICY_FILE = "audit-policy-file";
    public static final String MAX_AGE = "audit-log-maxage";
    public static final String MAX_BACKUP = "audit-log-maxbackup";
    public static final String MAX_SIZE = "audit-log-maxsize";

    /** Null when no audit-log-path is set: auditing is off. Throws IllegalArgumentException on a bad number. */
    public static AuditSettings from(Map<String, String> args) {
        String path = args.get(LOG_PATH);
        if (path == null || path.isBlank()) {
            return null;
        }
        String policy = args.get(POLICY_FILE);
        return new AuditSettings(path, policy == null || policy.isBlank() ? null : Path.of(policy),
                count(args, MAX_AGE), count(args, MAX_BACKUP), count(args, MAX_SIZE));
    }

    private static int count(Map<String, String> args, String key) {
        String v = args.getOrDefault(key, "0");
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--kube-apiserver-arg " + key + "=" + v + ": expected a whole number >= 0");
    }

    AuditBackend.Sink sink(java.time.Clock clock) {
        return logPath.equals("-") ? new StdoutSink()
                : new RotatingFile(Path.of(logPath), maxSizeMegabytes, maxBackups, maxAgeDays, clock);
    }
}
