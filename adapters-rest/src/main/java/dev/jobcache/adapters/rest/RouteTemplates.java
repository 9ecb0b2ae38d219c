package dev.jobcache.adapters.rest;

import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route template a request path matches, such as {@code /jobs/{id}}, learned from the resources the Jersey
 * application registers (so a new resource cannot go unnamed): the access log and the request metrics name a request
 * by its route, never by its raw path, which holds ids and would let a client write what it likes into a log line or
 * mint metric series at will. A path no resource answers is {@value #UNMATCHED}. Matching walks one segment at a
 * time through a tree of the templates, a literal before a parameter as in Jersey, on every request. Thread-safe.
 */
final class RouteTemplates {

    static final String UNMATCHED = "-";

    // replaced whole by learn(), read by every request
    private volatile Segment root = new Segment();

    /** Takes the routes of every resource {@code config} registers; a later call for another config replaces them. */
    void learn(ResourceConfig config) {
        List<Class<?>> resources = new ArrayList<>(config.getClasses());
        config.getInstances().forEach(instance -> resources.add(instance.getClass()));
        Segment learned = new Segment();
        for (Class<?> resource : resources) {
            if (resource.isAnnotationPresent(Path.class)) {
                add(learned, "", Resource.from(resource));
            }
        }
        root = learned;
    }

    private static void add(Segment root, String parent, Resource resource) {
        String template = parent + "/" + trimmed(resource.getPath());
        if (!resource.getResourceMethods().isEmpty() || resource.getResourceLocator() != null) {
            Segment segment = root;
            for (String part : template.substring(1).split("/")) {
                segment = segment.next(part);
            }
            segment.template = template;
        }
        for (Resource child : resource.getChildResources()) {
            add(root, template, child);
        }
    }

    private static String trimmed(String path) {
        int start = path.startsWith("/") ? 1 : 0;
        int end = path.endsWith("/") && path.length() > start ? path.length() - 1 : path.length();
        return path.substring(start, end);
    }

    /** @param rawPath the path as the request line has it, without the query */
    String of(String rawPath) {
        if (rawPath == null || !rawPath.startsWith("/")) {
            return UNMATCHED;
        }
        Segment segment = root;
        int start = 1;
        int end = rawPath.endsWith("/") ? rawPath.length() - 1 : rawPath.length();
        while (segment != null && start <= end) {
            int slash = rawPath.indexOf('/', start);
            int stop = slash < 0 || slash > end ? end : slash;
            segment = segment.match(rawPath.substring(start, stop));
            start = stop + 1;
        }
        return segment == null || segment.template == null ? UNMATCHED : segment.template;
    }

    /** One path segment of the templates: literal ones by name, and at most one parameter. */
    private static final class Segment {

        private final Map<String, Segment> literals = new HashMap<>();
        private Segment parameter;
        private String template;

        Segment next(String part) {
            if (part.startsWith("{") && part.endsWith("}")) {
                if (parameter == null) {
                    parameter = new Segment();
                }
                return parameter;
            }
            return literals.computeIfAbsent(part, p -> new Segment());
        }

        /** A literal beats a parameter, as in Jersey's matching; a parameter takes any non-empty segment. */
        Segment match(String part) {
            Segment literal = literals.get(part);
            if (literal != null) {
                return literal;
            }
            return part.isEmpty() ? null : parameter;
        }
    }
}
