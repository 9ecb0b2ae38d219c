package dev.jobcache.application;

import java.util.Objects;

/** A request value the use cases refuse, with the name of the field at fault so the client can fix it. */
public final class InvalidInput extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidInput(String field, String message) {
        super(field + ": " + message);
        this.field = Objects.requireNonNull(field, "field");
    }

    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        return getMessage().substring(field.length() + 2);
    }
}
