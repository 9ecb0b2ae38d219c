package dev.jobcache.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service's logs as an operator reads them: {@code Main} started as its own process, on its bundled logging
 * configuration, with what it writes to standard output and standard error.
 */
class MainLogsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("listening on [^ ]+:(\\d+) ");
    private static final String USER_TOKEN = "log-test-user-token-1";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : started) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void withJsonLogsWritesEveryLineAsAJsonObjectTheAccessLinesIncluded(@TempDir Path data) throws Exception {
        Process service = start(data, Map.of("LOG_FORMAT", "json"));
        Output stdout = Output.of(service.getInputStream());

        JsonNode listening = stdout.await(line -> line.path("message").asText().contains("listening on"));
        Matcher port = LISTENING.matcher(listening.get("message").asText());
        assertThat(port.find()).isTrue();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port.group(1) + "/jobs/17?status=ANY"))
                .header("Authorization", "Bearer " + USER_TOKEN).header("X-Request-Id", "json-logs-1").build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode access = stdout.await(line -> "json-logs-1".equals(line.path("request_id").asText()));

        assertThat(listening.get("level").asText()).isEqualTo("INFO");
        assertThat(listening.get("logger_name").asText()).isEqualTo(JobcacheApplication.class.getName());
        assertThat(access.get("logger_name").asText()).isEqualTo("dev.jobcache.access");
        assertThat(access.get("message").asText())
                .startsWith("method=GET route=/jobs/{id} status=" + answer.statusCode() + " cache=");
        assertThat(access.get("route").asText()).isEqualTo("/jobs/{id}");
        assertThat(access.get("status").asInt()).isEqualTo(answer.statusCode());
        assertThat(access.has("@timestamp") && access.has("thread_name") && access.has("duration_us")).isTrue();
        assertThat(stdout.notJson()).isEmpty();
        assertThat(stdout.text()).doesNotContain(USER_TOKEN);
    }

    @Test
    void stopsOnALogFormatItCannotWriteWithOneLineNamingTheVariable(@TempDir Path data) throws Exception {
        Process service = start(data, Map.of("LOG_FORMAT", "xml"));
        Output stdout = Output.of(service.getInputStream());
        Output stderr = Output.of(service.getErrorStream());

        assertThat(service.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(service.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(stderr::ended);
        assertThat(stderr.lines())
                .containsExactly("jobcache: configuration error: LOG_FORMAT=xml: expected one of text, json");
        await().atMost(Duration.ofSeconds(5)).until(stdout::ended);
        assertThat(stdout.lines()).isEmpty();
    }

    /** {@code Main} on the classpath of this module without its tests', so with its own logging configuration. */
    private Process start(Path data, Map<String, String> variables) throws IOException {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath, Main.class.getName())
                .directory(data.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("HTTP_") || name.startsWith("CACHE_")
                || name.startsWith("LOG_") || name.startsWith("ACCESS_") || name.startsWith("JOBCACHE_"));
        environment.put("HTTP_HOST", "127.0.0.1");
        environment.put("HTTP_PORT", "0");
        environment.put("JOBS_DB_URL", "jdbc:h2:file:" + data.resolve("jobcache").toAbsolutePath());
        environment.put("AUTH_TOKENS", "alice:" + USER_TOKEN);
        environment.put("CACHE_WARM_ROUTES", "none");
        environment.put("SHUTDOWN_GRACE_SECONDS", "1");
        environment.putAll(variables);
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** What a process writes to one of its streams, read as it comes. */
    private static final class Output {

        private final List<String> lines = new CopyOnWriteArrayList<>();
        private volatile boolean ended;

        static Output of(InputStream stream) {
            Output output = new Output();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        output.lines.add(line);
                    }
                } catch (IOException e) {
                    // the process is gone
                } finally {
                    output.ended = true;
                }
            }, "process-output");
            reader.setDaemon(true);
            reader.start();
            return output;
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        boolean ended() {
            return ended;
        }

        String text() {
            return String.join("\n", lines);
        }

        /** The first line, read as JSON, that {@code wanted}; waits for it. */
        JsonNode await(Predicate<JsonNode> wanted) {
            return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(
                    () -> lines.stream().map(Output::json).filter(line -> line != null && wanted.test(line))
                            .findFirst().orElse(null), line -> line != null);
        }

        List<String> notJson() {
            return lines.stream().filter(line -> json(line) == null).toList();
        }

        private static JsonNode json(String line) {
            try {
                JsonNode node = JSON.readTree(line);
                return node != null && node.isObject() ? node : null;
            } catch (IOException | UncheckedIOException e) {
                return null;
            }
        }
    }
}
