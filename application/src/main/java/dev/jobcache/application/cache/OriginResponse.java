package dev.jobcache.application.cache;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What a resource answered, as captured by the HTTP adapter: status, headers and the identity-coded body. */
public record OriginResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public OriginResponse {
        TreeMap<String, List<String>> sorted = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> sorted.put(name, List.copyOf(values)));
        headers = sorted;
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", values));
    }

    public boolean has(String name) {
        return headers.containsKey(name);
    }

    /** The {@code Cache-Control} directives in lower case, e.g. {@code [private, max-age=60]}. */
    public List<String> cacheControl() {
        return header("Cache-Control")
                .map(value -> List.of(value.toLowerCase(Locale.ROOT).replace(" ", "").split(",")))
                .orElse(List.of());
    }
}
