package dev.jobcache.application.warming;

import dev.jobcache.application.InvalidInput;
import dev.jobcache.application.cache.RoutePolicies;
import dev.jobcache.domain.cache.CachePolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which public routes are reloaded how often ({@code CACHE_WARM_SCHEDULE}): {@code 5m:/health,/version}, several
 * separated by {@code ;} ({@code 5m:/health;60m:/openapi.json}), or {@code none}. Only public routes a policy caches:
 * a per-user route has no one to run as, and reloading one nothing caches would only call the origin.
 */
public record WarmSchedule(List<Every> entries) {

    public static final WarmSchedule NONE = new WarmSchedule(List.of());
    public static final String SYNTAX = "<minutes>m:<public routes separated by ','>, several separated by ';' (e.g. "
            + "5m:/health,/version;60m:/openapi.json), minutes from 1 to " + Every.MAX_MINUTES + ", or none";
    private static final Pattern ENTRY = Pattern.compile("\\s*(\\d{1,5})m\\s*:(.*)");

    public WarmSchedule {
        entries = List.copyOf(entries);
    }

    /**
     * @param policies the policies as configured, which say what is public and what is cached
     * @throws InvalidInput naming what is wrong, in words that follow {@link #SYNTAX}
     */
    public static WarmSchedule parse(String text, RoutePolicies policies) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        List<Every> entries = new ArrayList<>();
        for (String part : text.split(";", -1)) {
            Matcher entry = ENTRY.matcher(part);
            if (!entry.matches()) {
                throw new InvalidInput("schedule", "'" + part.trim() + "' is not <minutes>m:<routes>");
            }
            int minutes = Integer.parseInt(entry.group(1));
            if (minutes < 1 || minutes > Every.MAX_MINUTES) {
                throw new InvalidInput("schedule", minutes + "m is not between 1m and " + Every.MAX_MINUTES + "m");
            }
            List<String> routes = new ArrayList<>();
            for (String route : entry.group(2).split(",", -1)) {
                routes.add(route.trim());
            }
            if (routes.size() > CacheWarmer.MAX_ROUTES) {
                throw new InvalidInput("schedule", "at most " + CacheWarmer.MAX_ROUTES + " routes every " + minutes + "m");
            }
            for (String route : routes) {
                try {
                    CacheWarmer.validRoutes(List.of(route));
                } catch (InvalidInput e) {
                    throw new InvalidInput("schedule", "'" + route + "': " + e.reason());
                }
                CachePolicy policy = policies.match(CacheWarmer.pathOf(route)).policy();
                if (!policy.cacheable()) {
                    throw new InvalidInput("schedule", route + " is not cached (its policy " + policy.route()
                            + " caches nothing)");
                }
                if (policy.perUser()) {
                    throw new InvalidInput("schedule", route + " is per user; only public routes are scheduled");
                }
            }
            entries.add(new Every(Duration.ofMinutes(minutes), routes));
        }
        return new WarmSchedule(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** In an operator's words, e.g. {@code every 5m: /health, /version}. */
    public String describe() {
        if (entries.isEmpty()) {
            return "off";
        }
        List<String> parts = new ArrayList<>();
        entries.forEach(e -> parts.add("every " + e.period().toMinutes() + "m: " + String.join(", ", e.routes())));
        return String.join("; ", parts);
    }

    /** These public routes, reloaded once per {@code period}. */
    public record Every(Duration period, List<String> routes) {

        static final int MAX_MINUTES = 1440;

        public Every {
            Objects.requireNonNull(period, "period");
            routes = List.copyOf(routes);
        }
    }
}
