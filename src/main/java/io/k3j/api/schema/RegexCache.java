package io.k3j.api.schema;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Compiled schema patterns, bounded so a stream of distinct CRD patterns cannot grow memory. Thread-safe. */
final class RegexCache {

    private static final int MAX = 512;
    private static final Pattern INVALID = Pattern.compile("(?!)");

    private final Map<String, Pattern> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pattern> eldest) {
            return size() > MAX;
        }
    };

    /** Unanchored search, as Go's regexp.MatchString; a pattern Java cannot compile is not enforced. */
    boolean matches(String pattern, String text) {
        Pattern p;
        synchronized (cache) {
            p = cache.computeIfAbsent(pattern, RegexCache::compile);
        }
        return p == INVALID || p.matcher(text).find();
    }

    private static Pattern compile(String pattern) {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            return INVALID;
        }
    }
}
