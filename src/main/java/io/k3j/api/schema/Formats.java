package io.k3j.api.schema;

import java.net.InetAddress;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * The string formats apiextensions-apiserver checks on custom resources. Formats it does not know (and the
 * numeric ones, int32, int64, float, double) are not checked, as upstream ignores them.
 */
final class Formats {

    private static final Pattern UUID = Pattern.compile(
            "(?i)^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$");
    private static final Pattern HOSTNAME = Pattern.compile(
            "^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\\.?$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern MAC = Pattern.compile("^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+$");
    private static final Pattern DURATION = Pattern.compile("^(\\d+(\\.\\d+)?(ns|us|µs|ms|s|m|h|d|w))+$");

    private Formats() {
    }

    static boolean valid(String format, String s) {
        return switch (format) {
            case "date-time", "datetime" -> dateTime(s);
            case "date" -> date(s);
            case "byte" -> base64(s);
            case "uuid", "uuid3", "uuid4", "uuid5" -> UUID.matcher(s).matches();
            case "hostname" -> s.length() <= 255 && HOSTNAME.matcher(s).matches();
            case "ipv4" -> ipv4(s);
            case "ipv6" -> s.contains(":") && ip(s);
            case "cidr" -> cidr(s);
            case "mac" -> MAC.matcher(s).matches();
            case "email" -> EMAIL.matcher(s).matches();
            case "duration" -> DURATION.matcher(s).matches();
            default -> true;
        };
    }

    private static boolean dateTime(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean date(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean base64(String s) {
        try {
            Base64.getDecoder().decode(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean ipv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Literal addresses only: InetAddress would resolve host names, so anything else is refused first. */
    private static boolean ip(String s) {
        if (!s.matches("^[0-9A-Fa-f:.]+$")) {
            return false;
        }
        try {
            InetAddress.getByName(s);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static boolean cidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String addr = s.substring(0, slash);
        int bits;
        try {
            bits = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            return false;
        }
        boolean v4 = ipv4(addr);
        return (v4 && bits >= 0 && bits <= 32) || (!v4 && addr.contains(":") && ip(addr) && bits >= 0 && bits <= 128);
    }
}
