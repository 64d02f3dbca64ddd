package io.k3j.admission.podsecurity;

/** What a namespace asks for in each of the three modes. */
public record Policy(LevelVersion enforce, LevelVersion audit, LevelVersion warn) {

    /** Upstream's default without configuration: privileged, latest, in every mode. */
    public static final Policy PRIVILEGED = new Policy(
            LevelVersion.PRIVILEGED_LATEST, LevelVersion.PRIVILEGED_LATEST, LevelVersion.PRIVILEGED_LATEST);

    public boolean allPrivileged() {
        return enforce.level() == Level.PRIVILEGED && audit.level() == Level.PRIVILEGED
                && warn.level() == Level.PRIVILEGED;
    }
}
