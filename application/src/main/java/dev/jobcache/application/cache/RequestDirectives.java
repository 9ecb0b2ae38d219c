package dev.jobcache.application.cache;

import java.util.Locale;

/** The request {@code Cache-Control} directives a shared cache acts on (RFC 9111 §5.2.1). */
record RequestDirectives(boolean noStore, boolean noCache) {

    static RequestDirectives parse(String header) {
        if (header == null || header.isBlank()) {
            return new RequestDirectives(false, false);
        }
        boolean noStore = false;
        boolean noCache = false;
        for (String part : header.toLowerCase(Locale.ROOT).split(",")) {
            String directive = part.trim();
            if (directive.equals("no-store")) {
                noStore = true;
            } else if (directive.equals("no-cache") || directive.replace(" ", "").equals("max-age=0")) {
                noCache = true;
            }
        }
        return new RequestDirectives(noStore, noCache);
    }
}
