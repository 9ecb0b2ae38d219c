package dev.jobcache.adapters.redis;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The fields of an {@code INFO} reply ({@code name:value} lines, {@code #} section headers), read by name. */
final class RedisInfo {

    private final Map<String, String> fields;

    private RedisInfo(Map<String, String> fields) {
        this.fields = fields;
    }

    static RedisInfo parse(String info) {
        Map<String, String> fields = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return new RedisInfo(fields);
    }

    Optional<String> text(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** The field as a number, or {@code otherwise} when it is absent or not a number. */
    long number(String name, long otherwise) {
        String value = fields.get(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notANumber) {
            return otherwise;
        }
    }
}
