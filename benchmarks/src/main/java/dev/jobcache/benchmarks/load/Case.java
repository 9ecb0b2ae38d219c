package dev.jobcache.benchmarks.load;

/** The cases of the comparison, in the order of the tables (they run in another order: see {@link LoadComparison}). */
enum Case {

    BARE("a", "bare", "bare Jersey endpoint"),
    ORIGIN_H2("b", "origin-h2", "origin, cache off, H2"),
    ORIGIN_PG("b", "origin-pg", "origin, cache off, PostgreSQL"),
    CAFFEINE("c", "caffeine", "caffeine hits"),
    CAFFEINE_FILTER("c′", "caffeine-filter", "caffeine via Jersey filter"),
    REDIS("d", "redis", "redis hits"),
    REDIS_CLUSTER("d′", "redis-cluster", "redis cluster hits"),
    TWO_TIER("e", "two-tier", "two-tier hits"),
    VARNISH("f", "varnish", "Varnish hits, origin cache off");

    private final String letter;
    private final String id;
    private final String label;

    Case(String letter, String id, String label) {
        this.letter = letter;
        this.id = id;
        this.label = label;
    }

    /** The letter of the list, e.g. {@code (c)}. */
    String letter() {
        return letter;
    }

    /** The name in results.json and in file names. */
    String id() {
        return id;
    }

    /** {@code (c) caffeine hits}. */
    String shortLabel() {
        return "(" + letter + ") " + label;
    }

    /** The row's label; cached cases name their database when it is not the one the others use. */
    String label(Database database) {
        String label = shortLabel();
        boolean onOrigin = this == CAFFEINE || this == CAFFEINE_FILTER || this == REDIS
                || this == REDIS_CLUSTER || this == TWO_TIER || this == VARNISH;
        return onOrigin && !database.isPostgres() ? label + " [H2 origin]" : label;
    }
}
