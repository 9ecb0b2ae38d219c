package dev.jobcache.benchmarks.load;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cache hit as the service sent it (body bytes and the headers that describe them), which the bare endpoint
 * replays so that case (a) sends the same bytes as the cached cases. Stored as {@code <name>.body} and
 * {@code <name>.headers} ({@code Name: value} lines).
 */
record CapturedResponse(byte[] body, Map<String, String> headers) {

    static final List<String> REPLAYED = List.of("Content-Type", "Content-Encoding", "ETag", "Cache-Control", "Vary");

    /** GETs {@code target} until it is a hit (at most three times) with {@code Accept-Encoding: gzip}, like the load. */
    static CapturedResponse capture(ApiClient api, Route.Target target) {
        for (int attempt = 0; attempt < 3; attempt++) {
            HttpResponse<byte[]> response = ApiClient.expect(
                    api.get(target.path(), target.token(), "Accept-Encoding", "gzip"), 200);
            if (response.headers().firstValue("X-Cache").orElse("").equals("HIT")) {
                Map<String, String> headers = new LinkedHashMap<>();
                for (String name : REPLAYED) {
                    response.headers().firstValue(name).ifPresent(value -> headers.put(name, value));
                }
                return new CapturedResponse(response.body(), headers);
            }
        }
        throw new BenchmarkFailure("GET " + target.path() + " was not a cache hit after three tries; nothing to capture");
    }

    void save(Path directory, String name) {
        StringBuilder lines = new StringBuilder();
        headers.forEach((header, value) -> lines.append(header).append(": ").append(value).append('\n'));
        try {
            Files.write(directory.resolve(name + ".body"), body);
            Files.writeString(directory.resolve(name + ".headers"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BenchmarkFailure("could not save the captured response " + name + ": " + e.getMessage(), e);
        }
    }

    /** @return null when nothing was saved under that name */
    static CapturedResponse load(Path directory, String name) throws IOException {
        Path body = directory.resolve(name + ".body");
        if (!Files.isRegularFile(body)) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(directory.resolve(name + ".headers"), StandardCharsets.UTF_8)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        return new CapturedResponse(Files.readAllBytes(body), headers);
    }
}
