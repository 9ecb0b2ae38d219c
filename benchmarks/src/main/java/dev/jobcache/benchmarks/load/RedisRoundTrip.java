package dev.jobcache.benchmarks.load;

import dev.jobcache.testkit.redis.RedisServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The floor under a Redis hit: {@code redis-benchmark}'s GET round trip on the same private Redis, for values as
 * large as the stored entries. It runs {@code -t set,get} because its GET reads the keys its SET wrote; {@code -t get}
 * alone would time GETs of missing keys, whose replies carry no value at all. The GET line is the figure.
 */
final class RedisRoundTrip {

    private RedisRoundTrip() {
    }

    static RoundTrip measure(ChildProcesses children, RedisServer redis, int clients, int valueBytes, int requests) {
        ProcessBuilder builder = new ProcessBuilder("redis-benchmark", "-h", redis.host(), "-p", Integer.toString(redis.port()),
                "-t", "set,get", "-d", Integer.toString(valueBytes), "-n", Integer.toString(requests),
                "-c", Integer.toString(clients), "--csv").redirectErrorStream(true);
        Process process = children.start(builder, "redis-benchmark");
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return parse(output, clients, valueBytes, requests);
        } catch (IOException e) {
            throw new BenchmarkFailure("could not read redis-benchmark's output: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchmarkFailure("interrupted while redis-benchmark ran", e);
        } finally {
            children.stop(process);
        }
    }

    /** The size of the encoded entries of a route as Redis holds them (median over up to 50 of them), or -1. */
    static int entryBytes(RedisServer redis, String keyPrefix, Route route) {
        String keys = redis.command("KEYS", keyPrefix + "e:" + route.keyPattern());
        if (keys == null || keys.isBlank()) {
            return -1;
        }
        List<Integer> sizes = new ArrayList<>();
        for (String key : keys.split("\n")) {
            if (sizes.size() == 50) {
                break;
            }
            // the encoded response is the hash field "d" (see the Redis adapter's entry format)
            String length = redis.command("HSTRLEN", key, "d");
            if (length != null && !length.equals("0")) {
                sizes.add(Integer.parseInt(length));
            }
        }
        return sizes.isEmpty() ? -1 : (int) Median.of(sizes, Integer::doubleValue);
    }

    private static RoundTrip parse(String csv, int clients, int valueBytes, int requests) {
        List<String> header = null;
        for (String line : csv.split("\\R")) {
            List<String> cells = cells(line);
            if (cells.isEmpty()) {
                continue;
            }
            if (cells.get(0).equals("test")) {
                header = cells;
            } else if (header != null && cells.get(0).equals("GET")) {
                return new RoundTrip(clients, valueBytes, requests,
                        Double.parseDouble(cells.get(header.indexOf("rps"))),
                        Double.parseDouble(cells.get(header.indexOf("p50_latency_ms"))),
                        Double.parseDouble(cells.get(header.indexOf("p99_latency_ms"))),
                        Double.parseDouble(cells.get(header.indexOf("max_latency_ms"))));
            }
        }
        throw new BenchmarkFailure("redis-benchmark printed no GET line; its output was:" + System.lineSeparator() + csv);
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split(",")) {
            String value = cell.strip();
            if (value.startsWith("\"") && value.endsWith("\"") && value.length() >= 2) {
                value = value.substring(1, value.length() - 1);
            }
            if (!value.isEmpty()) {
                cells.add(value);
            }
        }
        return cells;
    }

    /** One redis-benchmark GET line; latencies in milliseconds. */
    record RoundTrip(int clients, int valueBytes, int requests, double requestsPerSecond, double p50Ms, double p99Ms,
                     double maxMs) {
    }
}
