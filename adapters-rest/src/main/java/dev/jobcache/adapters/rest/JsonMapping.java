package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.jobcache.application.job.JobCommands;
import jakarta.ws.rs.ext.ContextResolver;

/**
 * The one ObjectMapper of the API. Strict on input, so a typo in a field name, a number where a status or a type
 * belongs, or a field given twice is a 400 naming the field rather than a silently ignored or converted value; exact
 * with a job's input, which is the client's JSON and comes back as it was sent; and bounded, so a hostile document
 * is refused by the parser (a 400, see {@code ProblemMappers}) before it costs memory or time.
 */
final class JsonMapping implements ContextResolver<ObjectMapper> {

    /** No request body nests this deep; a job input is the body's second level and may nest 62 more. */
    static final int MAX_NESTING_DEPTH = 64;
    /** Longer than any number a client means exactly (a 128-bit integer has 39 digits); parsing cost grows with it. */
    static final int MAX_NUMBER_LENGTH = 100;
    /** Names in a job input are the client's keys; none needs to be longer. */
    static final int MAX_NAME_LENGTH = 1024;
    /** No string can be longer than a whole job input, the largest JSON the API stores. */
    static final int MAX_STRING_LENGTH = JobCommands.MAX_INPUT_BYTES;

    private final ObjectMapper mapper;

    JsonMapping(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param maxDocumentBytes the edge's JSON body limit ({@link HttpLimits#maxJsonBodyBytes()}), which refuses longer
     *                         bodies before they are read; here it only backs that up
     */
    static ObjectMapper newObjectMapper(long maxDocumentBytes) {
        JsonFactory factory = JsonFactory.builder()
                // last-wins would let a body say two things, and a field checked by one reader mean another
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxDocumentLength(maxDocumentBytes)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // ALLOW_COERCION_OF_SCALARS leaves numbers and booleans into strings on: {"type":1} became "1"
                .withCoercionConfig(LogicalType.Textual, strings -> strings
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                // a job input's numbers as written: a double made 1e999 "Infinity" and 1.0000000000000000000001 1.0,
                // and the tree would drop the zero of 1.50
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return mapper;
    }
}
