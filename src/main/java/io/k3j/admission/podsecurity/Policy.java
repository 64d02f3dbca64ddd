package io.k3j.admission.podsecurity;

/** What a namespace asks for in each of the three modes. */
public record Policy(LevelVersion enforce, LevelVersion audit, LevelVersion warn) {

    /** Upstream's default without configuration: privileged, latest, in every mode. */
    public static final Policy PRIVILEGED = new Policy(
            LevelVersion.PRIVILEGED_LATEST, LevelVersion.PRIVILEGED_LATEST, LevelVersion.PRIVILEGED_LATEST);

    /** Same effect: each mode privileged in both, or at the same level and version. */
    public boolean equivalent(Policy o) {
        return equivalent(enforce, o.enforce) && equivalent(audit, o.audit) && equivalent(warn, o.warn);
    }

    private static boolean equivalent(LevelVersion a, LevelVersion b) {
        return (a.level() == Level.PRIVILEGED && b.level() == Level.PRIVILEGED) || a.equals(b);
    }

    public boolean allPrivileged() {
        return enforce.level() == Level.PRIVILEGED && audit.level() == Level.PRIVILEGED
                && warn.level() == Level.PRIVILEGED;
    }
}
