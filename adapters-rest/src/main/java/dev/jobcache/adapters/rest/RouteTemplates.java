package dev.jobcache.adapters.rest;

import org.glassfish.jersey.server.model.Resource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The route template a request path matches, such as {@code /jobs/{id}}, read from the resources' own
 * {@code @Path}s: logs name a request by its route, never by its raw path, which holds ids (and would let a client
 * write what it likes into a log line). A path no resource answers is {@value #UNMATCHED}.
 */
final class RouteTemplates {

    static final String UNMATCHED = "-";

    private final Segment root = new Segment();

    private RouteTemplates() {
    }

    static RouteTemplates of(List<Class<?>> resources) {
        RouteTemplates templates = new RouteTemplates();
        for (Class<?> resource : resources) {
            Resource model = Resource.from(resource);
            if (model == null) {
                throw new IllegalArgumentException(resource.getName() + " has no @Path");
            }
            templates.add("", model);
        }
        return templates;
    }

    private void add(String parent, Resource resource) {
        String template = parent + "/" + trimmed(resource.getPath());
        if (!resource.getResourceMethods().isEmpty() || resource.getResourceLocator() != null) {
            Segment segment = root;
            for (String part : template.substring(1).split("/")) {
                segment = segment.next(part);
            }
            segment.template = template;
        }
        for (Resource child : resource.getChildResources()) {
            add(template, child);
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
