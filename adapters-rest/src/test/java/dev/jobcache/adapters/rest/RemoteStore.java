package dev.jobcache.adapters.rest;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.testkit.fake.ForwardingCacheStore;
import org.glassfish.grizzly.threadpool.Threads;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store as Redis is to the application: nothing held in process, asynchronous reads answered on the store's own
 * I/O thread ({@value #IO_THREAD}). It can stall those answers, and it notes every blocking call made on a Grizzly
 * selector thread and every load begun on its I/O thread, which must never happen.
 */
final class RemoteStore extends ForwardingCacheStore {

    static final String IO_THREAD = "remote-store-io";

    private final ExecutorService io = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, IO_THREAD);
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService replies = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "remote-store-reply");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> misplacedCalls = new CopyOnWriteArrayList<>();
    private final AtomicInteger waitingReads = new AtomicInteger();
    private volatile CountDownLatch stall = new CountDownLatch(0);

    RemoteStore(CacheStore delegate) {
        super(delegate);
    }

    /** Reads are answered only after {@link #answer()}. */
    void stall() {
        stall = new CountDownLatch(1);
    }

    void answer() {
        stall.countDown();
    }

    /** Asynchronous reads begun and not answered yet. */
    int waitingReads() {
        return waitingReads.get();
    }

    /** Blocking calls made on a selector thread, and loads begun on the store's I/O thread. */
    List<String> misplacedCalls() {
        return List.copyOf(misplacedCalls);
    }

    @Override
    public Residence residence() {
        return Residence.REMOTE;
    }

    @Override
    public Optional<CachedResponse> getLocal(CacheKey key) {
        return Optional.empty();
    }

    @Override
    public boolean readsAsynchronously() {
        return true;
    }

    @Override
    public CompletionStage<Optional<CachedResponse>> getAsync(CacheKey key) {
        CompletableFuture<Optional<CachedResponse>> answer = new CompletableFuture<>();
        waitingReads.incrementAndGet();
        CountDownLatch gate = stall;
        // the answer waits on a thread of its own, as a reply from Redis does, and is delivered on the I/O thread
        replies.execute(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            io.execute(() -> {
                waitingReads.decrementAndGet();
                answer.complete(super.get(key));
            });
        });
        return answer;
    }

    /** Stalls too while reads are stalled: a thread that read this way would be held as long. */
    @Override
    public Optional<CachedResponse> get(CacheKey key) {
        noteBlocking("get");
        try {
            stall.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return super.get(key);
    }

    @Override
    public long generation(CacheKey key, Set<Tag> tags) {
        noteBlocking("generation");
        if (Thread.currentThread().getName().equals(IO_THREAD)) {
            misplacedCalls.add("a load began on the store's I/O thread");
        }
        return super.generation(key, tags);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
        noteBlocking("putIfUnchanged");
        return super.putIfUnchanged(key, response, tags, generation);
    }

    @Override
    public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, Set<Tag> guards,
                                  long generation) {
        noteBlocking("putIfUnchanged");
        return super.putIfUnchanged(key, response, tags, guards, generation);
    }

    private void noteBlocking(String call) {
        if (Threads.isService()) {
            misplacedCalls.add(call + " on selector thread " + Thread.currentThread().getName());
        }
    }
}
