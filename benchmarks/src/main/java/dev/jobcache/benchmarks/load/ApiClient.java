package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client of the jobcache API on 127.0.0.1 for seeding, probes and the two-instance measurements (not for the
 * load: that is wrk). HTTP/1.1 only, because the JDK client would otherwise offer an h2c upgrade on every new
 * connection. Thread-safe.
 */
final class ApiClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;

    ApiClient(URI base) {
        this.base = base;
    }

    URI base() {
        return base;
    }

    HttpResponse<byte[]> get(String path, String token, String... headers) {
        HttpRequest.Builder request = request(path, token).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<byte[]> send(String method, String path, String token, String jsonBody) {
        return send(request(path, token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(jsonBody))
                .build());
    }

    /** GET that must answer 200 with JSON. */
    JsonNode getJson(String path, String token) {
        return json(expect(get(path, token), 200), "GET " + path);
    }

    /** POST or PATCH that must answer 2xx with JSON. */
    JsonNode write(String method, String path, String token, String jsonBody) {
        HttpResponse<byte[]> response = send(method, path, token, jsonBody);
        if (response.statusCode() / 100 != 2) {
            throw unexpected(response);
        }
        return json(response, method + " " + path);
    }

    static HttpResponse<byte[]> expect(HttpResponse<byte[]> response, int status) {
        if (response.statusCode() != status) {
            throw unexpected(response);
        }
        return response;
    }

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(HttpResponse<byte[]> response, String what) {
        return Json.parse(response.body(), what);
    }

    private static BenchmarkFailure unexpected(HttpResponse<byte[]> response) {
        String body = text(response);
        return new BenchmarkFailure(response.request().method() + " " + response.uri() + " answered "
                + response.statusCode() + ": " + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request;
    }

    private HttpResponse<byte[]> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BenchmarkFailure(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }
}
