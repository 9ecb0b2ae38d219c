package dev.jobcache.benchmarks.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads async-profiler's collapsed stacks of a loaded hit path and says where the time went: the share of all samples
 * spent in each phase of a request (inclusive, so a phase counts what it calls), then the jobcache methods by their
 * inclusive share. Flat profiles scatter a request over hundreds of small frames; this is the view that answers
 * "how much of a hit is ours, how much Grizzly's, how much the kernel's".
 *
 * <pre>java -cp benchmarks.jar dev.jobcache.benchmarks.profile.ProfileSummary profile.collapsed</pre>
 */
public final class ProfileSummary {

    /** Frames that stand for a phase; a sample counts once per phase whatever its depth. */
    private static final Map<String, String> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("reading the request (socket read, HTTP parsing)", "org/glassfish/grizzly/filterchain/TransportFilter.handleRead");
        PHASES.put("answering a hit in front of Jersey (jobcache)", "dev/jobcache/adapters/rest/cache/CacheHitHandler.hit");
        PHASES.put("  of which the response cache's lookup", "dev/jobcache/application/cache/ResponseCache.freshHit");
        PHASES.put("  of which reading the request's URI, headers and token", "dev/jobcache/adapters/rest/PlainRequest.of");
        PHASES.put("  of which building the answer's headers", "dev/jobcache/adapters/rest/cache/HitResponse.of");
        PHASES.put("Jersey (everything it runs, misses and filter hits)", "org/glassfish/jersey/server/ApplicationHandler.handle");
        PHASES.put("finishing the response (encoding, socket write)", "org/glassfish/grizzly/http/server/HttpServerFilter.afterService");
        PHASES.put("  of which the write system call", "sun/nio/ch/SocketDispatcher.write");
        PHASES.put("waiting for and dispatching events (epoll)", "sun/nio/ch/EPollSelectorImpl.doSelect");
        PHASES.put("Lettuce and Netty (Redis)", "io/netty/channel/SingleThreadIoEventLoop.run");
        PHASES.put("a thread parking to wait (for a request, for Redis)", "java/util/concurrent/locks/LockSupport.park");
        PHASES.put("a thread waking another (a hand-off)", "java/util/concurrent/locks/LockSupport.unpark");
        PHASES.put("JIT compilation", "CompileBroker::compiler_thread_loop");
        PHASES.put("garbage collection", "GCTaskThread::run");
    }

    private ProfileSummary() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ProfileSummary <collapsed stacks>");
            System.exit(2);
        }
        List<String> lines = Files.readAllLines(Path.of(args[0]));
        long total = 0;
        Map<String, Long> inclusive = new HashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            total += samples;
            Set<String> seen = new HashSet<>();
            for (String frame : line.substring(0, space).split(";")) {
                if (seen.add(frame)) {
                    inclusive.merge(frame, samples, Long::sum);
                }
            }
        }
        System.out.printf("%d samples; the share of all of them each phase was on the stack for%n%n", total);
        for (Map.Entry<String, String> phase : PHASES.entrySet()) {
            System.out.printf("%6.1f %%  %s%n", share(inclusive.getOrDefault(phase.getValue(), 0L), total), phase.getKey());
        }
        System.out.printf("%njobcache methods by inclusive share%n%n");
        long all = total;
        inclusive.entrySet().stream()
                .filter(e -> e.getKey().startsWith("dev/jobcache/"))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(30)
                .forEach(e -> System.out.printf("%6.1f %%  %s%n", share(e.getValue(), all),
                        e.getKey().replace('/', '.')));
    }

    private static double share(long samples, long total) {
        return total == 0 ? 0 : samples * 100.0 / total;
    }
}
