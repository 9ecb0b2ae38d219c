package dev.jobcache.adapters.rest.metrics;

import dev.jobcache.domain.cache.CacheKeys;
import dev.jobcache.domain.port.RequestMetrics;
import jakarta.ws.rs.Path;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.uri.UriTemplate;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The route templates of the resources Jersey serves ({@code /jobs/{id}}), taken from Jersey's own resource model,
 * and which one a request path matches, by JAX-RS precedence (the most literal template first). What a metric
 * labels a request with: a template is bounded where a path is not, and a path no template matches is
 * {@link RequestMetrics#UNMATCHED}. Matching runs the templates' patterns one after another (well under a
 * microsecond each), so the cache edge hands over the route of the hits it answers instead. Thread-safe.
 */
public final class RouteTemplates {

    private volatile List<UriTemplate> templates = List.of();

    /** Takes the routes of every resource registered in {@code config}; call again for another, it adds nothing new. */
    public void learn(ResourceConfig config) {
        Set<String> found = new LinkedHashSet<>();
        templates.forEach(template -> found.add(template.getTemplate()));
        List<Class<?>> resources = new ArrayList<>(config.getClasses());
        config.getInstances().forEach(instance -> resources.add(instance.getClass()));
        for (Class<?> type : resources) {
            if (type.isAnnotationPresent(Path.class)) {
                collect(Resource.from(type), "", found);
            }
        }
        List<UriTemplate> learned = new ArrayList<>(found.stream().map(UriTemplate::new).toList());
        learned.sort(UriTemplate.COMPARATOR);
        templates = List.copyOf(learned);
    }

    private static void collect(Resource resource, String parent, Set<String> found) {
        String path = CacheKeys.canonicalPath(parent + "/" + resource.getPath());
        if (!resource.getResourceMethods().isEmpty() || resource.getResourceLocator() != null) {
            found.add(path);
        }
        for (Resource child : resource.getChildResources()) {
            collect(child, path, found);
        }
    }

    /** The template {@code path} (raw, as the request line has it, without the query) matches, or UNMATCHED. */
    public String of(String path) {
        String canonical = CacheKeys.canonicalPath(path);
        List<String> values = new ArrayList<>(2);
        for (UriTemplate template : templates) {
            if (template.match(canonical, values)) {
                return template.getTemplate();
            }
        }
        return RequestMetrics.UNMATCHED;
    }

    /** Every template known, most literal first; for tests. */
    List<String> all() {
        return templates.stream().map(UriTemplate::getTemplate).toList();
    }
}
