package io.k3j.admission.limitrange;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The min, max and limit/request ratio checks of upstream's LimitRanger, with its messages. Values are compared
 * in milli units when none overflows, else in whole units, as upstream does.
 */
final class Constraints {

    private Constraints() {
    }

    static void min(String type, String resource, Amount enforced, Map<String, Amount> requests,
                    Map<String, Amount> limits, List<String> errors) {
        Amount req = requests.get(resource);
        Amount lim = limits.get(resource);
        long[] v = common(req, lim, enforced);
        String prefix = "minimum " + resource + " usage per " + type + " is " + enforced.canonical();
        if (req == null) {
            errors.add(prefix + ".  No request is specified");
        } else if (v[0] < v[2]) {
            errors.add(prefix + ", but request is " + req.canonical());
        } else if (lim != null && v[1] < v[2]) {
            errors.add(prefix + ", but limit is " + lim.canonical());
        }
    }

    static void max(String type, String resource, Amount enforced, Map<String, Amount> requests,
                    Map<String, Amount> limits, List<String> errors) {
        Amount req = requests.get(resource);
        Amount lim = limits.get(resource);
        long[] v = common(req, lim, enforced);
        String prefix = "maximum " + resource + " usage per " + type + " is " + enforced.canonical();
        if (lim == null) {
            errors.add(prefix + ".  No limit is specified");
        } else if (v[1] > v[2]) {
            errors.add(prefix + ", but limit is " + lim.canonical());
        } else if (req != null && v[0] > v[2]) {
            errors.add(prefix + ", but request is " + req.canonical());
        }
    }

    /** The max of a PersistentVolumeClaim entry, which has only requests to hold against it. */
    static void maxRequest(String type, String resource, Amount enforced, Map<String, Amount> requests,
                           List<String> errors) {
        Amount req = requests.get(resource);
        long[] v = common(req, null, enforced);
        String prefix = "maximum " + resource + " usage per " + type + " is " + enforced.canonical();
        if (req == null) {
            errors.add(prefix + ".  No request is specified");
        } else if (v[0] > v[2]) {
            errors.add(prefix + ", but request is " + req.canonical());
        }
    }

    static void ratio(String type, String resource, Amount enforced, Map<String, Amount> requests,
                      Map<String, Amount> limits, List<String> errors) {
        Amount req = requests.get(resource);
        Amount lim = limits.get(resource);
        long[] v = common(req, lim, enforced);
        String prefix = resource + " max limit to request ratio per " + type + " is " + enforced.canonical();
        if (req == null || v[0] == 0) {
            errors.add(prefix + ", but no request is specified or request is 0");
            return;
        }
        if (lim == null || v[1] == 0) {
            errors.add(prefix + ", but no limit is specified or limit is 0");
            return;
        }
        double observed = (double) v[1] / (double) v[0];
        double shown = observed;
        double allowed = enforced.whole();
        if (enforced.whole() <= Amount.MAX_MILLI_VALUE) {
            observed *= 1000;
            allowed = enforced.milli();
        }
        if (observed > allowed) {
            errors.add(prefix + ", but provided ratio is " + String.format(Locale.ROOT, "%f", shown));
        }
    }

    /** Request, limit and enforced value at one precision; an absent quantity counts as zero. */
    private static long[] common(Amount request, Amount limit, Amount enforced) {
        Amount r = request == null ? Amount.ZERO : request;
        Amount l = limit == null ? Amount.ZERO : limit;
        if (r.whole() <= Amount.MAX_MILLI_VALUE && l.whole() <= Amount.MAX_MILLI_VALUE
                && enforced.whole() <= Amount.MAX_MILLI_VALUE) {
            return new long[]{r.milli(), l.milli(), enforced.milli()};
        }
        return new long[]{r.whole(), l.whole(), enforced.whole()};
    }
}
