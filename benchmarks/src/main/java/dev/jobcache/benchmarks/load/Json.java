package dev.jobcache.benchmarks.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;

/** The one Jackson mapper of the comparison: parses the service's answers and writes results.json. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static JsonNode parse(byte[] bytes, String what) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new BenchmarkFailure(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(String text, String what) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            throw new BenchmarkFailure(what + " is not JSON: " + e.getMessage(), e);
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new BenchmarkFailure("could not write JSON: " + e.getMessage(), e);
        }
    }
}
