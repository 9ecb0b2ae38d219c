package dev.jobcache.adapters.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jobcache.application.cache.RoutePolicies;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.jobcache.adapters.rest.RunningApi.ADMIN;
import static dev.jobcache.adapters.rest.RunningApi.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

/** {@link OpenApiResource}'s description against what the resources really serve and answer. */
@ParameterizedClass
@EnumSource(HitPath.class)
class OpenApiContractTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");
    private static final Set<String> PUBLIC_ROUTES = Set.of("/health", "/ready", "/version", "/metrics", "/openapi.json",
            "/admin/cache/dashboard", "/admin/cache/dashboard/app.js", "/admin/cache/dashboard/app.css");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}");

    private final RunningApi api;

    OpenApiContractTest(HitPath hitPath) {
        api = new RunningApi(hitPath);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void servesTheDescriptionPubliclyAsTheClasspathResource() throws IOException {
        HttpResponse<String> served = api.get("/openapi.json", null);

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(served.body())).isEqualTo(JSON.readTree(classpathDescription()));
    }

    @Test
    void describesEveryRouteTheResourcesServe() {
        Set<String> served = servedOperations();

        Set<String> described = describedOperations(description()).keySet();

        assertThat(served).as("routes Jersey serves (a vacuous scan would pass anything)")
                .contains("GET /jobs", "PUT /jobs/{id}/download", "POST /admin/cache/clear", "GET /openapi.json");
        assertThat(difference(served, described)).as("served but not described in openapi.json").isEmpty();
    }

    @Test
    void servesEveryDescribedRoute() {
        Set<String> described = describedOperations(description()).keySet();

        Set<String> served = servedOperations();

        assertThat(difference(described, served)).as("described in openapi.json but served by no resource")
                .isEmpty();
    }

    @Test
    void leavesOnlyThePublicRoutesWithoutSecurity() {
        JsonNode document = description();

        Map<String, JsonNode> operations = describedOperations(document);

        operations.forEach((operation, described) -> {
            boolean open = security(document, described).isEmpty();
            assertThat(open).as(operation + " is public exactly when it is one of " + PUBLIC_ROUTES)
                    .isEqualTo(PUBLIC_ROUTES.contains(pathOf(operation)));
        });
    }

    @Test
    void documentsUnauthorizedWhereATokenIsNeededAndForbiddenOnAdminRoutes() {
        JsonNode document = description();

        Map<String, JsonNode> operations = describedOperations(document);

        operations.forEach((operation, described) -> {
            if (!security(document, described).isEmpty()) {
                assertDocuments(operation, described, 401);
            }
            // the dashboard's page and assets are public (they hold no data); every other admin route needs the admin role
            if (pathOf(operation).startsWith("/admin/") && !PUBLIC_ROUTES.contains(pathOf(operation))) {
                assertDocuments(operation, described, 403);
            }
        });
    }

    @Test
    void documentsBadRequestWhereABodyOrQueryParametersAreTaken() {
        JsonNode document = description();

        Map<String, JsonNode> operations = describedOperations(document);

        operations.forEach((operation, described) -> {
            if (described.has("requestBody") || takesQueryParameters(document, operation, described)) {
                assertDocuments(operation, described, 400);
            }
        });
    }

    @Test
    void documentsNotModifiedExactlyOnTheGetsTheResponseCacheServes() {
        // the application's own route table decides what is cached, so the description cannot drift from it
        RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());

        Map<String, JsonNode> operations = describedOperations(description());

        operations.forEach((operation, described) -> {
            boolean cached = operation.startsWith("GET ") && policies.match(pathOf(operation)).policy().cacheable();
            assertThat(described.path("responses").has("304"))
                    .as(operation + " documents 304 exactly when the response cache serves it")
                    .isEqualTo(cached);
        });
    }

    @Test
    void answersOnlyDocumentedStatusesToAWalkThroughEveryOperation() {
        Map<String, JsonNode> operations = describedOperations(description());

        List<Exchange> walk = walkThroughEveryOperation();

        walk.forEach(exchange -> {
            exchange.assertMatchesItsOperation();
            assertThat(exchange.response().statusCode()).as(exchange + " answered").isEqualTo(exchange.expected());
            JsonNode described = operations.get(exchange.operation());
            assertThat(described).as(exchange.operation() + " is not described").isNotNull();
            assertThat(described.path("responses").has(String.valueOf(exchange.response().statusCode())))
                    .as(exchange.operation() + " answered " + exchange.response().statusCode()
                            + ", which openapi.json does not document for it")
                    .isTrue();
        });
        Set<String> walked = new HashSet<>();
        walk.forEach(exchange -> walked.add(exchange.operation()));
        assertThat(difference(operations.keySet(), walked)).as("described operations the walk does not exercise")
                .isEmpty();
    }

    /**
     * HEAD, OPTIONS and 405 are documented once, in the description, rather than on every path: each path is asked
     * here whether it behaves as said.
     */
    @Test
    void everyPathAnswersHeadOptionsAndAMethodItDoesNotTakeAsTheDescriptionSays() {
        JsonNode document = description();
        assertThat(document.path("info").path("description").asText())
                .contains("also answers HEAD", "answers OPTIONS with 200 and an `Allow` header", "answers 405");
        String id = JobsApiTest.json(api.postJson("/jobs", ALICE, "{\"type\":\"render\"}")).get("id").asText();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            String uri = path.getKey().replace("{id}", id);
            String token = PUBLIC_ROUTES.contains(path.getKey()) ? null
                    : path.getKey().startsWith("/admin/") ? ADMIN : ALICE;
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (HTTP_METHODS.contains(name)) {
                    methods.add(name.toUpperCase(java.util.Locale.ROOT));
                }
            });

            HttpResponse<String> options = api.send(api.request(uri, token)
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(options.statusCode()).as("OPTIONS " + uri).isEqualTo(200);
            assertThat(options.headers().firstValue("Allow")).as("OPTIONS " + uri).hasValueSatisfying(
                    allow -> assertThat(allow.replace(" ", "").split(",")).contains(methods.toArray(String[]::new)));
            if (methods.contains("GET")) {
                HttpResponse<String> get = api.get(uri, token);
                HttpResponse<String> head = api.send(api.request(uri, token)
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
                assertThat(head.statusCode()).as("HEAD " + uri).isEqualTo(get.statusCode());
                assertThat(head.body()).as("HEAD " + uri).isEmpty();
            }
            String other = Stream.of("PUT", "DELETE", "PATCH", "POST").filter(m -> !methods.contains(m)).findFirst()
                    .orElseThrow();
            HttpResponse<String> wrong = api.send(api.request(uri, token)
                    .method(other, HttpRequest.BodyPublishers.noBody()).build());
            assertThat(wrong.statusCode()).as(other + " " + uri).isEqualTo(405);
            assertThat(wrong.headers().firstValue("Allow")).as(other + " " + uri).isPresent();
            assertThat(JobsApiTest.json(wrong).get("type").asText()).isEqualTo("/problems/method-not-allowed");
        }
    }

    @Test
    void isAnOpenApi3DocumentWithABearerScheme() {
        JsonNode document = description();

        JsonNode bearer = document.at("/components/securitySchemes/bearer");

        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.at("/info/title").asText()).isEqualTo("jobcache");
        assertThat(document.at("/info/version").asText()).isNotBlank();
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(document.path("paths").size()).isPositive();
    }

    @Test
    void resolvesEveryReferenceWithinTheDocument() {
        JsonNode document = description();

        List<String> references = new ArrayList<>();
        collectReferences(document, references);

        assertThat(references).as("$ref values").isNotEmpty();
        assertThat(references.stream()
                .filter(reference -> !reference.startsWith("#/") || document.at(reference.substring(1)).isMissingNode())
                .distinct())
                .as("references that resolve to nothing within the document")
                .isEmpty();
    }

    /**
     * The live snapshot is the largest answer of the API and the one the dashboard reads: every member it carries
     * must be described (with its type), and every member the description requires must be there. The snapshot is
     * taken after misses, hits, an invalidation and two timed requests, so its optional members are in it too.
     */
    @Test
    void describesEveryMemberOfTheLiveSnapshotAndItsTypes() throws Exception {
        JsonNode document = description();
        api.get("/version", null);
        api.get("/jobs", ALICE);
        api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"health\"]}");
        timedByTheStore("/version", null);
        timedByTheStore("/jobs?limit=3", ALICE);
        api.get("/admin/cache/monitor/realtime", ADMIN);
        api.clock.advance(Duration.ofSeconds(1));

        JsonNode snapshot = JobsApiTest.json(api.get("/admin/cache/monitor/realtime", ADMIN));
        JsonNode schema = document.at("/paths/~1admin~1cache~1monitor~1realtime/get/responses/200/content"
                + "/application~1json/schema");

        List<String> mismatches = new ArrayList<>();
        conforms(document, schema, snapshot, "snapshot", mismatches);
        assertThat(snapshot.at("/intervals/10s/cached/p99Ms").isNumber()).as("a timed interval in the walk").isTrue();
        assertThat(snapshot.at("/perSecond/0/origin/p95Ms").isNumber()).as("a timed second in the walk").isTrue();
        assertThat(snapshot.has("requestsPerSecond")).as("a second snapshot in the walk").isTrue();
        assertThat(mismatches).as("where the snapshot and its description differ").isEmpty();
    }

    /** A request the store holds while the clock moves, so that its latency is measured (the clock is the test's). */
    private void timedByTheStore(String path, String token) throws Exception {
        api.faultyStore.pause();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> answer;
        try {
            answer = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                    .sendAsync(api.request(path, token).GET().build(), HttpResponse.BodyHandlers.ofString());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> api.faultyStore.blockedCalls() == 1);
            api.clock.advance(Duration.ofMillis(5));
        } finally {
            api.faultyStore.resume();
        }
        assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    /** Checks {@code value} against {@code schema} as far as this description uses JSON Schema: types, members. */
    private static void conforms(JsonNode document, JsonNode schema, JsonNode value, String where,
                                 List<String> mismatches) {
        JsonNode resolved = resolved(document, schema);
        String type = resolved.path("type").asText();
        boolean typed = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typed) {
            mismatches.add(where + " is " + value.getNodeType() + ", described as " + type);
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                conforms(document, resolved.path("items"), value.get(i), where + "[" + i + "]", mismatches);
            }
            return;
        }
        if (!value.isObject()) {
            return;
        }
        resolved.path("required").forEach(required -> {
            if (!value.has(required.asText())) {
                mismatches.add(where + " lacks the required " + required.asText());
            }
        });
        JsonNode properties = resolved.path("properties");
        JsonNode additional = resolved.path("additionalProperties");
        value.fields().forEachRemaining(member -> {
            String at = where + "." + member.getKey();
            if (properties.has(member.getKey())) {
                conforms(document, properties.get(member.getKey()), member.getValue(), at, mismatches);
            } else if (additional.isObject()) {
                conforms(document, additional, member.getValue(), at, mismatches);
            } else if (!additional.asBoolean(false)) {
                mismatches.add(at + " is not described");
            }
        });
    }

    /** The schema behind a {@code $ref}, or behind the one {@code allOf} a reference with a description needs. */
    private static JsonNode resolved(JsonNode document, JsonNode schema) {
        JsonNode current = schema;
        while (true) {
            if (current.has("$ref")) {
                current = document.at(current.get("$ref").asText().substring(1));
            } else if (current.path("allOf").size() == 1) {
                current = current.get("allOf").get(0);
            } else {
                return current;
            }
        }
    }

    /**
     * One request per answer worth checking, covering every operation at least once; each names the operation it
     * exercises and the status it expects, and the request is checked to really be that operation.
     */
    private List<Exchange> walkThroughEveryOperation() {
        List<Exchange> walk = new ArrayList<>();
        HttpResponse<String> created = api.postJson("/jobs", ALICE, "{\"type\":\"render\",\"input\":{\"frames\":3}}");
        String id = JobsApiTest.json(created).get("id").asText();
        walk.add(new Exchange("POST /jobs", 201, created));
        walk.add(new Exchange("POST /jobs", 400, api.postJson("/jobs", ALICE, "{\"type\":")));
        walk.add(new Exchange("POST /jobs", 401, api.postJson("/jobs", null, "{\"type\":\"render\"}")));
        walk.add(new Exchange("POST /jobs", 415, api.send(api.request("/jobs", ALICE)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("render")).build())));

        HttpResponse<String> list = api.get("/jobs", ALICE);
        walk.add(new Exchange("GET /jobs", 200, list));
        walk.add(new Exchange("GET /jobs", 304, revalidate("/jobs", ALICE, list)));
        walk.add(new Exchange("GET /jobs", 400, api.get("/jobs?limit=1000", ALICE)));
        walk.add(new Exchange("GET /jobs", 401, api.get("/jobs", "not-a-real-token")));

        walk.add(new Exchange("GET /jobs/{id}", 200, api.get("/jobs/" + id, ALICE)));
        walk.add(new Exchange("GET /jobs/{id}", 404, api.get("/jobs/no-such-job", ALICE)));
        walk.add(new Exchange("GET /jobs/{id}", 406, api.send(api.request("/jobs/" + id, ALICE)
                .header("Accept", "text/html").GET().build())));

        walk.add(new Exchange("PUT /jobs/{id}/download", 409, upload(id, "text/csv", "a,b\n")));
        walk.add(new Exchange("GET /jobs/{id}/download", 409, api.get("/jobs/" + id + "/download", ALICE)));
        walk.add(new Exchange("PATCH /jobs/{id}", 400, api.patchJson("/jobs/" + id, ALICE, "{\"progress\":\"lots\"}")));
        walk.add(new Exchange("PATCH /jobs/{id}", 200, api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}")));
        walk.add(new Exchange("PUT /jobs/{id}/download", 200, upload(id, "text/csv", "a,b\n1,2\n")));
        walk.add(new Exchange("PUT /jobs/{id}/download", 400, upload(id, "not a media type", "x")));
        walk.add(new Exchange("PUT /jobs/{id}/download", 413, upload(id, "text/plain", "x".repeat(1024 * 1024 + 1))));
        walk.add(new Exchange("PATCH /jobs/{id}", 200, api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"COMPLETED\"}")));
        walk.add(new Exchange("PATCH /jobs/{id}", 409, api.patchJson("/jobs/" + id, ALICE, "{\"status\":\"RUNNING\"}")));
        HttpResponse<String> download = api.get("/jobs/" + id + "/download", ALICE);
        walk.add(new Exchange("GET /jobs/{id}/download", 200, download));
        walk.add(new Exchange("GET /jobs/{id}/download", 304, revalidate("/jobs/" + id + "/download", ALICE, download)));

        HttpResponse<String> me = api.get("/user/me", ALICE);
        walk.add(new Exchange("GET /user/me", 200, me));
        walk.add(new Exchange("GET /user/me", 304, revalidate("/user/me", ALICE, me)));
        walk.add(new Exchange("GET /user/me", 401, api.get("/user/me", null)));

        walk.add(new Exchange("DELETE /jobs/{id}", 204, api.send(api.request("/jobs/" + id, ALICE).DELETE().build())));
        walk.add(new Exchange("DELETE /jobs/{id}", 404, api.send(api.request("/jobs/" + id, ALICE).DELETE().build())));

        walk.addAll(walkThroughThePublicRoutes());
        walk.addAll(walkThroughTheAdminRoutes());
        return walk;
    }

    private List<Exchange> walkThroughThePublicRoutes() {
        List<Exchange> walk = new ArrayList<>();
        for (String path : List.of("/health", "/version", "/openapi.json")) {
            HttpResponse<String> first = api.get(path, null);
            walk.add(new Exchange("GET " + path, 200, first));
            walk.add(new Exchange("GET " + path, 304, revalidate(path, null, first)));
        }
        walk.add(new Exchange("GET /health", 401, api.get("/health", "not-a-real-token")));
        walk.add(new Exchange("GET /ready", 200, api.get("/ready", null)));
        walk.add(new Exchange("GET /ready", 401, api.get("/ready", "not-a-real-token")));
        walk.add(new Exchange("GET /metrics", 200, api.get("/metrics", null)));
        walk.add(new Exchange("GET /metrics", 406, api.send(api.request("/metrics", null)
                .header("Accept", "application/json").GET().build())));
        return walk;
    }

    private List<Exchange> walkThroughTheAdminRoutes() {
        List<Exchange> walk = new ArrayList<>();
        for (String path : List.of("/admin/cache/health", "/admin/cache/stats", "/admin/cache/performance",
                "/admin/cache/keys", "/admin/cache/warm")) {
            walk.add(new Exchange("GET " + path, 200, api.get(path, ADMIN)));
            walk.add(new Exchange("GET " + path, 403, api.get(path, ALICE)));
            walk.add(new Exchange("GET " + path, 401, api.get(path, null)));
        }
        walk.add(new Exchange("GET /admin/cache/keys", 400, api.get("/admin/cache/keys?limit=501", ADMIN)));

        walk.add(new Exchange("POST /admin/cache/invalidate", 200,
                api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"health\"]}")));
        walk.add(new Exchange("POST /admin/cache/invalidate", 400,
                api.postJson("/admin/cache/invalidate", ADMIN, "{\"tags\":[\"no spaces\"]}")));
        walk.add(new Exchange("POST /admin/cache/invalidate", 403,
                api.postJson("/admin/cache/invalidate", ALICE, "{\"tags\":[\"health\"]}")));
        walk.add(new Exchange("POST /admin/cache/invalidate", 415, api.send(api.request("/admin/cache/invalidate", ADMIN)
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("health")).build())));

        HttpResponse<String> confirmationRequired = api.postJson("/admin/cache/clear", ADMIN, "{}");
        String token = JobsApiTest.json(confirmationRequired).path("confirmationToken").asText();
        walk.add(new Exchange("POST /admin/cache/clear", 428, confirmationRequired));
        walk.add(new Exchange("POST /admin/cache/clear", 409,
                api.postJson("/admin/cache/clear", ADMIN, "{\"confirm\":\"not-the-token\"}")));
        walk.add(new Exchange("POST /admin/cache/clear", 400, api.postJson("/admin/cache/clear", ADMIN, "{\"confirm\":")));
        walk.add(new Exchange("POST /admin/cache/clear", 401, api.postJson("/admin/cache/clear", null, "{}")));
        walk.add(new Exchange("POST /admin/cache/clear", 200,
                api.postJson("/admin/cache/clear", ADMIN, "{\"confirm\":\"" + token + "\"}")));

        walk.add(new Exchange("POST /admin/cache/warm", 200,
                api.postJson("/admin/cache/warm", ADMIN, "{\"routes\":[\"/health\"]}")));
        walk.add(new Exchange("POST /admin/cache/warm", 400,
                api.postJson("/admin/cache/warm", ADMIN, "{\"routes\":[\"/admin/cache/stats\"]}")));
        walk.add(new Exchange("POST /admin/cache/warm", 403,
                api.postJson("/admin/cache/warm", ALICE, "{\"routes\":[\"/health\"]}")));

        walk.add(new Exchange("GET /admin/cache/monitor/realtime", 200, api.get("/admin/cache/monitor/realtime", ADMIN)));
        walk.add(new Exchange("GET /admin/cache/monitor/realtime", 403, api.get("/admin/cache/monitor/realtime", ALICE)));
        walk.add(new Exchange("GET /admin/cache/monitor/realtime", 401, api.get("/admin/cache/monitor/realtime", null)));
        for (String asset : List.of("/admin/cache/dashboard", "/admin/cache/dashboard/app.js", "/admin/cache/dashboard/app.css")) {
            walk.add(new Exchange("GET " + asset, 200, api.get(asset, null)));
        }
        walk.add(new Exchange("GET /admin/cache/dashboard", 401, api.get("/admin/cache/dashboard", "not-a-real-token")));
        return walk;
    }

    private HttpResponse<String> upload(String id, String contentType, String body) {
        return api.send(api.request("/jobs/" + id + "/download", ALICE).header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Repeats a GET with the ETag of an earlier answer, which a cached route answers with 304. */
    private HttpResponse<String> revalidate(String path, String token, HttpResponse<String> earlier) {
        String etag = earlier.headers().firstValue("ETag")
                .orElseThrow(() -> new AssertionError("GET " + path + " answered without an ETag"));
        return api.send(api.request(path, token).header("If-None-Match", etag).GET().build());
    }

    /** Every (method, path template) Jersey serves, from the resource classes the application registers. */
    private Set<String> servedOperations() {
        ResourceConfig config = api.api.resourceConfig();
        Set<Class<?>> registered = new HashSet<>(config.getClasses());
        config.getInstances().forEach(instance -> registered.add(instance.getClass()));
        Set<String> operations = new TreeSet<>();
        registered.stream()
                .filter(type -> type.isAnnotationPresent(Path.class))
                .forEach(type -> collect(Resource.from(type), "", operations));
        return operations;
    }

    private static void collect(Resource resource, String parentPath, Set<String> operations) {
        String path = parentPath + "/" + resource.getPath();
        // a locator's routes are only known at run time: describe them and walk them here before adding one
        assertThat(resource.getResourceLocator()).as("a sub-resource locator at " + path).isNull();
        resource.getResourceMethods().stream()
                .filter(method -> !method.getHttpMethod().equals("HEAD") && !method.getHttpMethod().equals("OPTIONS"))
                .forEach(method -> operations.add(method.getHttpMethod() + " " + normalise(path)));
        resource.getChildResources().forEach(child -> collect(child, path, operations));
    }

    /** Every described operation as "METHOD /template", with its operation object. */
    private static Map<String, JsonNode> describedOperations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(entry -> {
                if (HTTP_METHODS.contains(entry.getKey())) {
                    operations.put(entry.getKey().toUpperCase(Locale.ROOT) + " " + normalise(path.getKey()),
                            entry.getValue());
                }
            });
        }
        return operations;
    }

    /** {@code {id: [0-9]+}} and {@code {id}} alike, no doubled or trailing slash. */
    static String normalise(String path) {
        String normal = TEMPLATE.matcher(path).replaceAll("{$1}").replaceAll("/{2,}", "/");
        if (!normal.startsWith("/")) {
            normal = "/" + normal;
        }
        return normal.length() > 1 && normal.endsWith("/") ? normal.substring(0, normal.length() - 1) : normal;
    }

    private static Set<String> difference(Set<String> these, Set<String> butNotThose) {
        Set<String> difference = new TreeSet<>(these);
        difference.removeAll(butNotThose);
        return difference;
    }

    private static String pathOf(String operation) {
        return operation.substring(operation.indexOf(' ') + 1);
    }

    /** An operation's own requirement, else the document's. */
    private static JsonNode security(JsonNode document, JsonNode operation) {
        return operation.has("security") ? operation.get("security") : document.path("security");
    }

    private static boolean takesQueryParameters(JsonNode document, String operation, JsonNode described) {
        List<JsonNode> parameters = new ArrayList<>();
        described.path("parameters").forEach(parameters::add);
        // parameters may also sit on the path item, shared by its operations
        String template = pathOf(operation);
        document.path("paths").fields().forEachRemaining(path -> {
            if (normalise(path.getKey()).equals(template)) {
                path.getValue().path("parameters").forEach(parameters::add);
            }
        });
        return parameters.stream()
                .map(parameter -> parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1))
                        : parameter)
                .anyMatch(parameter -> parameter.path("in").asText().equals("query"));
    }

    private static void assertDocuments(String operation, JsonNode described, int status) {
        assertThat(described.path("responses").has(String.valueOf(status)))
                .as(operation + " does not document " + status).isTrue();
    }

    private static void collectReferences(JsonNode node, List<String> into) {
        if (node.isObject() && node.has("$ref")) {
            into.add(node.get("$ref").asText());
        }
        node.elements().forEachRemaining(child -> collectReferences(child, into));
    }

    private JsonNode description() {
        HttpResponse<String> served = api.get("/openapi.json", null);
        assertThat(served.statusCode()).as("GET /openapi.json").isEqualTo(200);
        return JobsApiTest.json(served);
    }

    private static byte[] classpathDescription() {
        try (InputStream in = OpenApiResource.class.getResourceAsStream(OpenApiResource.RESOURCE)) {
            assertThat(in).as(OpenApiResource.RESOURCE + " on the classpath").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request of the walk, the operation it exercises and the status it should get. */
    private record Exchange(String operation, int expected, HttpResponse<?> response) {

        void assertMatchesItsOperation() {
            String method = operation.substring(0, operation.indexOf(' '));
            String pattern = TEMPLATE.matcher(Pattern.quote(pathOf(operation)))
                    .replaceAll("\\\\E[^/]+\\\\Q");
            assertThat(response.request().method()).as(this + ": method").isEqualTo(method);
            assertThat(response.uri().getPath()).as(this + ": path").matches(pattern);
        }

        @Override
        public String toString() {
            return operation + " (" + response.request().method() + " " + response.uri() + ")";
        }
    }
}
