package io.k3j.admission.podsecurity;

/** A level at a policy version, printed {@code restricted:latest} as in every upstream message. */
public record LevelVersion(Level level, PolicyVersion version) {

    public static final LevelVersion PRIVILEGED_LATEST = new LevelVersion(Level.PRIVILEGED, PolicyVersion.LATEST);

    @Override
    public String toString() {
        return level.label() + ":" + version;
    }
}
