package io.k3j.client;

/**
 * Query options of list and watch; empty strings and 0 mean "not set".
 *
 * @param resourceVersion      list: "0" = any (from the cache), "" = most recent; watch: start after this version
 * @param allowWatchBookmarks  watch only
 * @param timeoutSeconds       watch only; 0 = server default
 */
public record ListOptions(String labelSelector, String fieldSelector, String resourceVersion, long limit, String continueToken,
                          boolean allowWatchBookmarks, long timeoutSeconds) {

    public static final ListOptions NONE = new ListOptions("", "", "", 0, "", false, 0);

    public ListOptions withLabelSelector(String s) {
        return new ListOptions(s, fieldSelector, resourceVersion, limit, continueToken, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withFieldSelector(String s) {
        return new ListOptions(labelSelector, s, resourceVersion, limit, continueToken, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withResourceVersion(String rv) {
        return new ListOptions(labelSelector, fieldSelector, rv, limit, continueToken, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withLimit(long l, String cont) {
        return new ListOptions(labelSelector, fieldSelector, resourceVersion, l, cont, allowWatchBookmarks, timeoutSeconds);
    }

    public ListOptions withBookmarks(boolean b) {
        return new ListOptions(labelSelector, fieldSelector, resourceVersion, limit, continueToken, b, timeoutSeconds);
    }

    public ListOptions withTimeoutSeconds(long t) {
        return new ListOptions(labelSelector, fieldSelector, resourceVersion, limit, continueToken, allowWatchBookmarks, t);
    }
}
