package dev.jobcache.application.admin;

import java.util.Objects;

/**
 * Advice for an operator, with the figure that triggered it so the advice can be checked.
 *
 * @param code    stable identifier of the rule (e.g. {@code low-hit-ratio})
 * @param route   the route it concerns, or {@code *} for the whole store
 * @param advice  what to consider doing
 * @param figure  the measured value that triggered it
 */
public record Recommendation(String code, String route, String advice, String figure) {

    public Recommendation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(advice, "advice");
        Objects.requireNonNull(figure, "figure");
    }
}
