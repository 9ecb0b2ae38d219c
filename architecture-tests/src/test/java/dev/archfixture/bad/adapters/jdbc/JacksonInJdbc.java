package dev.archfixture.bad.adapters.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Fixture violating rule 4: Jackson outside the REST adapter and bootstrap. */
public final class JacksonInJdbc {

    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectMapper mapper() {
        return mapper;
    }
}
