package dev.jobcache.application.cache;

import dev.jobcache.domain.cache.CacheKey;
import dev.jobcache.domain.cache.CacheOutcome;
import dev.jobcache.domain.cache.CachedResponse;
import dev.jobcache.domain.cache.ConsistencyToken;
import dev.jobcache.domain.cache.Invalidation;
import dev.jobcache.domain.cache.InvalidationStamp;
import dev.jobcache.domain.cache.Tag;
import dev.jobcache.domain.job.JobEvent;
import dev.jobcache.domain.job.JobId;
import dev.jobcache.domain.job.JobStatus;
import dev.jobcache.domain.job.OwnerId;
import dev.jobcache.domain.port.CacheStore;
import dev.jobcache.domain.security.Principal;
import dev.jobcache.testkit.fake.FaultyCacheStore;
import dev.jobcache.testkit.fake.ForwardingCacheStore;
import dev.jobcache.testkit.fake.InMemoryCacheStore;
import dev.jobcache.testkit.fake.InMemoryInvalidationBus;
import dev.jobcache.testkit.fake.MutableClock;
import dev.jobcache.testkit.fake.RecordingCacheMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Specification of {@link ResponseCache}: what is served from the cache, what is stored, and what never is. */
class ResponseCacheTest {

    private static final Principal ALICE = Principal.user("alice");
    private static final Principal BOB = Principal.user("bob");

    private final MutableClock clock = new MutableClock();
    private final RecordingCacheMetrics metrics = new RecordingCacheMetrics();
    private InMemoryCacheStore store;
    private ResponseCache cache;

    @BeforeEach
    void setUp() {
        store = new InMemoryCacheStore(clock);
        cache = cacheOver(store, CacheSettings.defaults("memory"));
    }

    private ResponseCache cacheOver(CacheStore backing, CacheSettings settings) {
        RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());
        return new ResponseCache(backing, policies, metrics, clock, settings);
    }

    @Test
    void aRequestCarryingATokenTheStoresCopiesDoNotReflectIsNotAnsweredFromThem() {
        ConsistencyToken written = ConsistencyToken.of(new InvalidationStamp("k3j9x2a1pq", 7), clock.now());
        CopiesBehind copies = new CopiesBehind(store, written);
        ResponseCache behind = cacheOver(copies, CacheSettings.defaults("memory"));
        CacheableRequest plain = Requests.get("/jobs").as(ALICE).build();
        behind.complete(((CacheDecision.Miss) behind.lookup(plain)).load(), ok("[1]"));
        CacheableRequest carrying = Requests.get("/jobs").as(ALICE).after(written).build();

        assertThat(behind.lookup(plain)).as("without the token, the copy").isInstanceOf(CacheDecision.Hit.class);
        assertThat(behind.localHit(behind.prepare(carrying))).as("at the edge").isEmpty();
        assertThat(behind.lookup(carrying)).as("past the copies, where the write has removed it")
                .isInstanceOf(CacheDecision.Miss.class);
    }

    @Test
    void aListPageIsStoredUnderTheJobsItNamesAndAWriteToOneOfThemDropsIt() {
        CacheableRequest list = Requests.get("/jobs").as(ALICE).build();
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(list);

        CacheDecision.Completion completion = cache.complete(miss.load(), naming("[1,2]", "job:j1 job:j2"));
        CacheDecision afterOtherJob = cache.lookup(list);
        store.invalidateTags(Set.of(Tag.of("job:j2")));

        assertThat(completion.stored()).isPresent();
        assertThat(afterOtherJob).isInstanceOf(CacheDecision.Hit.class);
        assertThat(cache.lookup(list)).isInstanceOf(CacheDecision.Miss.class);
    }

    /** The page's jobs were not known when the load began, so only the guard can tell that one changed meanwhile. */
    @Test
    void aListPageLoadedBeforeAWriteToOneOfItsJobsIsNotStoredAfterIt() {
        CacheableRequest list = Requests.get("/jobs").as(ALICE).build();
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(list);
        new dev.jobcache.application.invalidation.JobInvalidation(
                new CacheInvalidator(store, new InMemoryInvalidationBus(), metrics, "memory"))
                .raised(new JobEvent.StatusChanged(new JobId("j1"), new OwnerId("alice"), JobStatus.RUNNING,
                        JobStatus.RUNNING));

        CacheDecision.Completion completion = cache.complete(miss.load(), naming("[1,2]", "job:j1 job:j2"));

        assertThat(completion.stored()).isEmpty();
        assertThat(completion.notStoredReason()).isEqualTo("store-declined");
    }

    @Test
    void aResponseNamingTagsOfItsOwnOnARouteWithoutGuardsIsNotStored() {
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(Requests.get("/jobs/j1").as(ALICE).build());

        CacheDecision.Completion completion = cache.complete(miss.load(), naming("{}", "job:j2"));

        assertThat(completion.stored()).isEmpty();
        assertThat(completion.notStoredReason()).isEqualTo("declared-tags");
    }

    @Test
    void aResponseNamingSomethingThatIsNoTagIsNotStored() {
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(Requests.get("/jobs").as(ALICE).build());

        CacheDecision.Completion completion = cache.complete(miss.load(), naming("[]", "job:1 <script>"));

        assertThat(completion.notStoredReason()).isEqualTo("declared-tags");
    }

    private static OriginResponse naming(String json, String tags) {
        return origin(200, Map.of(DeclaredTags.HEADER, List.of(tags)), json);
    }

    /** A store whose copies in process have not applied the invalidations of one token: its shared part has. */
    private static final class CopiesBehind extends ForwardingCacheStore {
        private final ConsistencyToken notReflected;

        CopiesBehind(CacheStore copies, ConsistencyToken notReflected) {
            super(copies);
            this.notReflected = notReflected;
        }

        @Override
        public boolean reflects(ConsistencyToken token) {
            return !token.equals(notReflected);
        }

        @Override
        public Optional<CachedResponse> get(CacheKey key, ConsistencyToken after) {
            return reflects(after) ? get(key) : Optional.empty();
        }

        @Override
        public Optional<CachedResponse> getLocal(CacheKey key) {
            return get(key);
        }
    }

    @Test
    void oneUserFillingItsShareLeavesOtherUsersEntriesCached() {
        RoutePolicies policies = RoutePolicies.defaults(Duration.ofSeconds(300), Duration.ofSeconds(10), Map.of());
        ResponseCache shared = new ResponseCache(store, policies, metrics, clock, CacheSettings.defaults("memory"),
                RefreshAhead.NONE, new CacheShares(20_000, clock));
        String page = "[" + "1,".repeat(2_000) + "1]";
        int storedForAlice = 0;
        int weight = 0;
        for (int i = 0; i < 50; i++) {
            CacheableRequest flood = Requests.get("/jobs").as(ALICE).query("cursor", "c" + i).build();
            CacheDecision.Miss miss = (CacheDecision.Miss) shared.lookup(flood);
            Optional<CachedResponse> stored = shared.complete(miss.load(), ok(page)).stored();
            if (stored.isPresent()) {
                storedForAlice++;
                weight = stored.get().weightInBytes();
            }
        }
        CacheableRequest bobs = Requests.get("/jobs").as(BOB).build();
        CacheDecision.Miss bobsMiss = (CacheDecision.Miss) shared.lookup(bobs);

        assertThat(shared.complete(bobsMiss.load(), ok(page)).stored()).isPresent();
        assertThat(storedForAlice).isEqualTo(20_000 / weight).isLessThan(50);
        assertThat(shared.statistics().refusedOverShare()).isEqualTo(50 - storedForAlice);
        assertThat(shared.lookup(bobs)).isInstanceOf(CacheDecision.Hit.class);
    }

    @Test
    void aQueryParameterTheResourceIgnoresDoesNotMintAnEntry() {
        load(Requests.get("/health").build(), ok("{}"));

        assertThat(cache.lookup(Requests.get("/health").query("flood", "1").build()))
                .isInstanceOf(CacheDecision.Hit.class);
        assertThat(cache.lookup(Requests.get("/jobs").as(ALICE).query("x", "2").build()))
                .isInstanceOf(CacheDecision.Miss.class);
    }

    @Test
    void aQueryOnAPathNoRouteNamesIsNotCached() {
        CacheDecision decision = cache.lookup(Requests.get("/openapi.json").query("flood", "7").build());

        assertThat(decision).isInstanceOf(CacheDecision.Bypass.class);
        assertThat(((CacheDecision.Bypass) decision).reason()).isEqualTo("query");
        assertThat(cache.lookup(Requests.get("/openapi.json").build())).isInstanceOf(CacheDecision.Miss.class);
    }

    @Test
    void answersTheSecondRequestFromTheCache() {
        load(Requests.get("/health").build(), ok("{\"status\":\"UP\"}"));

        CacheDecision second = cache.lookup(Requests.get("/health").build());

        assertThat(second).isInstanceOf(CacheDecision.Hit.class);
        CacheDecision.Hit hit = (CacheDecision.Hit) second;
        assertThat(new String(hit.response().body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"UP\"}");
        assertThat(hit.stale()).isFalse();
        assertThat(metrics.events(CacheOutcome.HIT)).hasSize(1);
    }

    @Test
    void aFreshHitIsAnsweredAndRecordedOnceWithoutALookup() {
        load(Requests.get("/jobs").as(ALICE).build(), ok("[1]"));

        Optional<CacheDecision.Hit> hit = cache.freshHit(Requests.get("/jobs").as(ALICE).build(), false);

        assertThat(hit).hasValueSatisfying(h -> assertThat(new String(h.response().body(), StandardCharsets.UTF_8))
                .isEqualTo("[1]"));
        assertThat(metrics.events(CacheOutcome.HIT)).hasSize(1);
    }

    @Test
    void aFreshHitIsNeverAnotherUsersEntry() {
        load(Requests.get("/jobs").as(ALICE).build(), ok("[1]"));

        assertThat(cache.freshHit(Requests.get("/jobs").as(BOB).build(), false)).isEmpty();
        assertThat(cache.freshHit(Requests.get("/jobs").build(), false)).isEmpty();
    }

    @Test
    void leavesMissesStaleEntriesBypassesAndNoCacheToTheLookupRecordingNothing() {
        load(Requests.get("/jobs/42").as(ALICE).build(), ok("{}"));
        load(Requests.get("/health").build(), ok("{}"));
        clock.advance(Duration.ofSeconds(61));
        int before = metrics.events().size();

        Optional<CacheDecision.Hit> stale = cache.freshHit(Requests.get("/jobs/42").as(ALICE).build(), false);
        Optional<CacheDecision.Hit> miss = cache.freshHit(Requests.get("/user/me").as(ALICE).build(), false);
        Optional<CacheDecision.Hit> bypass = cache.freshHit(Requests.get("/health").withRange().build(), false);
        Optional<CacheDecision.Hit> noCache = cache.freshHit(Requests.get("/health").cacheControl("no-cache").build(),
                false);

        assertThat(List.of(stale, miss, bypass, noCache)).allMatch(Optional::isEmpty);
        assertThat(metrics.events()).hasSize(before);
    }

    @Test
    void aLocalFreshHitReadsOnlyWhatTheStoreHoldsInProcess() {
        ResponseCache overRemote = cacheOver(new OnlyRemoteCacheStore(store), CacheSettings.defaults("memory"));
        CacheableRequest health = Requests.get("/health").build();
        CacheDecision decision = overRemote.lookup(health);
        overRemote.complete(((CacheDecision.Miss) decision).load(), ok("{}"));

        assertThat(overRemote.freshHit(health, true)).isEmpty();
        assertThat(overRemote.freshHit(health, false)).isPresent();
    }

    @Test
    void triesOnAThreadThatMustNotBlockOnlyWhatItsStoreAnswersWithoutBlocking() {
        CacheStore asynchronous = new ForwardingCacheStore(store) {
            @Override
            public Residence residence() {
                return Residence.REMOTE;
            }

            @Override
            public boolean readsAsynchronously() {
                return true;
            }
        };
        CacheSettings defaults = CacheSettings.defaults("memory");

        assertThat(cacheOver(store, defaults).nonBlockingReads()).isEqualTo(NonBlockingReads.LOCAL);
        assertThat(cacheOver(asynchronous, defaults).nonBlockingReads()).isEqualTo(NonBlockingReads.ASYNCHRONOUS);
        // a store across the network without asynchronous reads: nothing at all on such a thread
        assertThat(cacheOver(new OnlyRemoteCacheStore(store), defaults).nonBlockingReads())
                .isEqualTo(NonBlockingReads.NONE);
        // the operations log line is I/O
        assertThat(cacheOver(store, defaults.withLogOperations(true)).nonBlockingReads())
                .isEqualTo(NonBlockingReads.NONE);
    }

    @Test
    void aLookupAfterALocalMissDoesNotReadTheStoreAgain() {
        AtomicInteger reads = new AtomicInteger();
        ResponseCache counted = cacheOver(new ForwardingCacheStore(store) {
            @Override
            public Residence residence() {
                return Residence.IN_PROCESS;
            }

            @Override
            public Optional<CachedResponse> get(CacheKey key) {
                reads.incrementAndGet();
                return super.get(key);
            }
        }, CacheSettings.defaults("memory"));
        PreparedLookup prepared = counted.prepare(Requests.get("/health").build());

        assertThat(counted.localHit(prepared)).isEmpty();
        CacheDecision decision = counted.lookup(prepared);

        assertThat(decision).isInstanceOf(CacheDecision.Miss.class);
        assertThat(reads).hasValue(0);
    }

    @Test
    void aRequestThatReadBeforeAnotherInstanceStoredLooksAgainWhenThatStoreMadeThisInstancesOwnDeclined() {
        // two instances on one shared store, as on Redis, where the first store of a key creates the counters the
        // second one's conditional put compared as missing: the second put is declined
        ResponseCache elsewhere = cacheOver(new OnlyRemoteCacheStore(store), CacheSettings.defaults("memory"));
        ResponseCache here = cacheOver(new OnlyRemoteCacheStore(store) {
            @Override
            public boolean putIfUnchanged(CacheKey key, CachedResponse response, Set<Tag> tags, long generation) {
                return get(key).isEmpty() && super.putIfUnchanged(key, response, tags, generation);
            }
        }, CacheSettings.defaults("memory"));
        CacheDecision.Miss leader = (CacheDecision.Miss) here.lookup(Requests.get("/version").build());
        PreparedLookup late = here.prepare(Requests.get("/version").build());
        assertThat(here.asyncHit(late).toCompletableFuture().join()).isEmpty();

        CacheDecision.Miss other = (CacheDecision.Miss) elsewhere.lookup(Requests.get("/version").build());
        assertThat(elsewhere.complete(other.load(), ok("{\"version\":\"1\"}")).stored()).isPresent();
        assertThat(here.complete(leader.load(), ok("{\"version\":\"1\"}")).stored()).isEmpty();

        // it read before either store and asks after its own leader landed: it answers from what the other stored
        // instead of calling the origin a second time in this instance
        assertThat(here.lookup(late)).isInstanceOf(CacheDecision.Hit.class);
    }

    @Test
    void aStaleEntryFoundLocallyIsReadAgainSoThatAnInvalidationMeanwhileDropsIt() {
        load(Requests.get("/health").build(), ok("{}"));
        clock.advance(Duration.ofSeconds(61));
        PreparedLookup prepared = cache.prepare(Requests.get("/health").build());
        assertThat(cache.localHit(prepared)).isEmpty();

        store.clear();
        CacheDecision decision = cache.lookup(prepared);

        // the entry the edge saw is gone: it must be neither served nor kept to fall back on
        assertThat(decision).isInstanceOfSatisfying(CacheDecision.Miss.class,
                miss -> assertThat(miss.load().staleFallback()).isEmpty());
    }

    @Test
    void answersAHeadFromTheGetEntryAsAFreshHit() {
        load(Requests.get("/health").build(), ok("{}"));

        assertThat(cache.freshHit(Requests.get("/health").method("HEAD").build(), true)).isPresent();
    }

    @Test
    void returnsNotModifiedWhenEtagMatches() {
        String etag = load(Requests.get("/health").build(), ok("{}")).stored().orElseThrow().etag();

        CacheDecision.Hit hit = (CacheDecision.Hit) cache.lookup(Requests.get("/health").ifNoneMatch(etag).build());

        assertThat(hit.notModified()).isTrue();
    }

    @Test
    void treatsTheGzipEtagOfABodyAsMatchingToo() {
        String etag = load(Requests.get("/health").build(), ok("{}")).stored().orElseThrow().etag();

        CacheDecision.Hit hit = (CacheDecision.Hit) cache.lookup(
                Requests.get("/health").ifNoneMatch("\"other\", " + EntityTags.forCoding(etag, true)).build());

        assertThat(hit.notModified()).isTrue();
    }

    @Test
    void neverServesOneUsersPrivateEntryToAnother() {
        load(Requests.get("/jobs").as(ALICE).build(), ok("[alice's jobs]"));

        CacheDecision forBob = cache.lookup(Requests.get("/jobs").as(BOB).build());

        assertThat(forBob).isInstanceOf(CacheDecision.Miss.class);
        cache.abandon(((CacheDecision.Miss) forBob).load());
        assertThat(cache.lookup(Requests.get("/jobs").as(ALICE).build())).isInstanceOf(CacheDecision.Hit.class);
    }

    @Test
    void sharesOneEntryWhateverTheQueryOrderAndTrackingParameters() {
        load(Requests.get("/jobs").as(ALICE).query("status", "RUNNING").query("limit", "5").build(), ok("[]"));

        CacheDecision reordered = cache.lookup(Requests.get("/jobs").as(ALICE)
                .query("utm_source", "mail").query("limit", "5").query("status", "RUNNING").build());

        assertThat(reordered).isInstanceOf(CacheDecision.Hit.class);
    }

    @Test
    void keysEntriesByRequestedRepresentation() {
        load(Requests.get("/health").accept("application/json").build(), ok("{}"));

        CacheDecision otherAccept = cache.lookup(Requests.get("/health").accept("text/html").build());

        assertThat(otherAccept).isInstanceOf(CacheDecision.Miss.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {";", ";;", ",;", "application/json;q=abc", "a/b/c"})
    void leavesAMalformedAcceptToTheOriginWhichRefusesIt(String accept) {
        load(Requests.get("/health").build(), ok("{}"));

        assertThat(reasonOf(Requests.get("/health").accept(accept))).isEqualTo("malformed-accept");
        assertThat(cache.freshHit(Requests.get("/health").accept(accept).build(), false)).isEmpty();
    }

    @Test
    void keysTwoOrdersOfEquallyWeightedCharsetsApartBecauseTheOriginServesTheFirst() {
        load(Requests.get("/health").accept("application/json;charset=utf-8, application/json;charset=utf-16")
                .build(), ok("{}"));

        CacheDecision reversed = cache.lookup(Requests.get("/health")
                .accept("application/json;charset=utf-16, application/json;charset=utf-8").build());

        assertThat(reversed).isInstanceOf(CacheDecision.Miss.class);
    }

    @Test
    void bypassesWhatASharedCacheMustNotAnswer() {
        assertThat(reasonOf(Requests.get("/jobs").method("POST").as(ALICE))).isEqualTo("method");
        assertThat(reasonOf(Requests.get("/admin/cache/stats").as(ALICE))).isEqualTo("policy");
        assertThat(reasonOf(Requests.get("/health").withRange())).isEqualTo("range");
        assertThat(reasonOf(Requests.get("/health").cacheControl("no-store"))).isEqualTo("no-store");
        assertThat(reasonOf(Requests.get("/health").withAuthorizationHeader())).isEqualTo("authorization");
        assertThat(reasonOf(Requests.get("/jobs"))).isEqualTo("anonymous");
        assertThat(reasonOf(Requests.get("/jobs/not a valid tag value").as(ALICE))).isEqualTo("untaggable");
    }

    @Test
    void neverStoresResponsesWithSetCookie() {
        CacheDecision.Completion completion = load(Requests.get("/health").build(),
                origin(200, Map.of("Set-Cookie", List.of("session=1")), "{}"));

        assertThat(completion.stored()).isEmpty();
        assertThat(completion.notStoredReason()).isEqualTo("set-cookie");
        assertThat(store.usage().entries()).isZero();
    }

    @Test
    void neverStoresErrorResponses() {
        CacheDecision.Completion completion = load(Requests.get("/jobs/x").as(ALICE).build(), origin(404, Map.of(), "{}"));

        assertThat(completion.notStoredReason()).isEqualTo("status");
        assertThat(store.usage().entries()).isZero();
    }

    @Test
    void neverStoresAPrivateResponseUnderAPublicKey() {
        CacheDecision.Completion completion = load(Requests.get("/health").build(),
                origin(200, Map.of("Cache-Control", List.of("private, max-age=5")), "{}"));

        assertThat(completion.notStoredReason()).isEqualTo("private");
    }

    @Test
    void neverStoresABodyThatVariesOnAnUnkeyedHeader() {
        CacheDecision.Completion completion = load(Requests.get("/health").build(),
                origin(200, Map.of("Vary", List.of("Accept-Language")), "{}"));

        assertThat(completion.notStoredReason()).isEqualTo("vary");
    }

    @Test
    void servesButDoesNotStoreBodiesOverTheEntryLimit() {
        cache = cacheOver(store, new CacheSettings(true, 1024, 10, Duration.ofSeconds(1), "memory"));

        CacheDecision.Completion completion = load(Requests.get("/health").build(), ok("more than ten bytes"));

        assertThat(completion.notStoredReason()).isEqualTo("too-large");
    }

    @Test
    void storesLargeTextBodiesGzipped() {
        String large = "{\"items\":\"" + "x".repeat(5000) + "\"}";

        CacheDecision.Completion completion = load(Requests.get("/health").build(), ok(large));

        assertThat(completion.stored().orElseThrow().gzipped()).isTrue();
        assertThat(completion.stored().orElseThrow().body().length).isLessThan(large.length());
        assertThat(ContentCoding.gunzip(completion.stored().orElseThrow().body()))
                .isEqualTo(large.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void invalidationDuringOriginCallPreventsStore() {
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(Requests.get("/jobs/j1").as(ALICE).build());
        invalidator().invalidate(Invalidation.ofTags(Set.of(Tag.of("job:j1")), "job-status-changed"));

        CacheDecision.Completion completion = cache.complete(miss.load(), ok("{\"status\":\"QUEUED\"}"));

        assertThat(completion.stored()).isEmpty();
        assertThat(completion.notStoredReason()).isEqualTo("store-declined");
        assertThat(cache.lookup(Requests.get("/jobs/j1").as(ALICE).build())).isInstanceOf(CacheDecision.Miss.class);
    }

    @Test
    void unrelatedInvalidationDuringOriginCallDoesNotPreventStore() {
        CacheDecision.Miss miss = (CacheDecision.Miss) cache.lookup(Requests.get("/jobs/j1").as(ALICE).build());
        invalidator().invalidate(Invalidation.ofTags(Set.of(Tag.of("job:another-job-entirely")), "job-deleted"));

        CacheDecision.Completion completion = cache.complete(miss.load(), ok("{}"));

        assertThat(completion.stored()).isPresent();
    }

    @Test
    void invalidatingAJobRemovesItsEntryAndItsOwnersList() {
        load(Requests.get("/jobs/j1").as(ALICE).build(), ok("{}"));
        load(Requests.get("/jobs").as(ALICE).build(), ok("[]"));
        load(Requests.get("/jobs").as(BOB).build(), ok("[]"));

        long removed = invalidator().invalidate(Invalidation.ofTags(
                Set.of(Tag.of("job:j1"), Tag.of("jobs:user:alice"), Tag.of("user:alice")), "job-status-changed"));

        assertThat(removed).isEqualTo(2);
        assertThat(cache.lookup(Requests.get("/jobs").as(BOB).build())).isInstanceOf(CacheDecision.Hit.class);
    }

    @Test
    void concurrentMissesForOneKeyMakeOneOriginCall() throws Exception {
        CacheDecision.Miss leader = (CacheDecision.Miss) cache.lookup(Requests.get("/version").build());
        AtomicInteger originCalls = new AtomicInteger(1);
        List<Thread> followers = new ArrayList<>();
        List<CacheDecision> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 19; i++) {
            Thread follower = new Thread(() -> {
                CacheDecision decision = cache.lookup(Requests.get("/version").build());
                if (decision instanceof CacheDecision.Miss miss) {
                    originCalls.incrementAndGet();
                    cache.complete(miss.load(), ok("{\"version\":\"1\"}"));
                }
                answers.add(decision);
            });
            followers.add(follower);
            follower.start();
        }
        // the leader's origin call lasts until every follower waits for it or is done: with single flight broken they
        // would each have gone to the origin instead, without waiting
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> followers.stream()
                .allMatch(t -> t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.TERMINATED));

        cache.complete(leader.load(), ok("{\"version\":\"1\"}"));
        for (Thread follower : followers) {
            follower.join(10_000);
        }

        assertThat(originCalls).hasValue(1);
        assertThat(answers).hasSize(19).allSatisfy(decision -> assertThat(decision).isInstanceOf(CacheDecision.Hit.class));
    }

    @Test
    void countsEachRequestThatWaitsForAnothersLoadOfItsKey() throws Exception {
        CacheDecision.Miss leader = (CacheDecision.Miss) cache.lookup(Requests.get("/version").build());
        List<Thread> followers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread follower = new Thread(() -> cache.lookup(Requests.get("/version").build()));
            followers.add(follower);
            follower.start();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> followers.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));

        cache.complete(leader.load(), ok("{\"version\":\"1\"}"));
        for (Thread follower : followers) {
            follower.join(10_000);
        }

        assertThat(metrics.events(CacheOutcome.WAIT)).hasSize(3)
                .allSatisfy(wait -> assertThat(wait.route()).isEqualTo("/version"));
    }

    @Test
    void followersAreAnsweredWithTheLeadersEntryEvenWhenTheStoreCannotBeReadOnceItLands() throws Exception {
        FaultyCacheStore faulty = new FaultyCacheStore(store);
        ResponseCache cache = cacheOver(new FailOpenCacheStore(faulty, metrics, "memory", clock),
                CacheSettings.defaults("memory"));
        CacheDecision.Miss leader = (CacheDecision.Miss) cache.lookup(Requests.get("/version").build());
        List<Thread> threads = new ArrayList<>();
        List<CacheDecision> followers = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            Thread follower = new Thread(() -> followers.add(cache.lookup(Requests.get("/version").build())));
            threads.add(follower);
            follower.start();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
        faulty.failReads();
        clock.advance(Duration.ofMillis(1));

        cache.complete(leader.load(), ok("{\"version\":\"1\"}"));
        for (Thread follower : threads) {
            follower.join(10_000);
        }

        assertThat(followers).hasSize(5).allSatisfy(decision -> assertThat(decision).isInstanceOf(CacheDecision.Hit.class));
    }

    @Test
    void concurrentMissesCostTwoOriginCallsAtMostWhileTheStoreFailsEverything() throws Exception {
        FaultyCacheStore faulty = new FaultyCacheStore(store);
        faulty.failAll();
        ResponseCache cache = cacheOver(new FailOpenCacheStore(faulty, metrics, "memory", clock),
                CacheSettings.defaults("memory"));
        CacheDecision.Miss leader = (CacheDecision.Miss) cache.lookup(Requests.get("/version").build());
        clock.advance(Duration.ofMillis(1));
        AtomicInteger originCalls = new AtomicInteger(1);
        List<Thread> threads = new ArrayList<>();
        List<CacheDecision> answers = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread follower = new Thread(() -> {
                CacheDecision decision = cache.lookup(Requests.get("/version").build());
                if (decision instanceof CacheDecision.Miss miss) {
                    originCalls.incrementAndGet();
                    clock.advance(Duration.ofMillis(1));
                    cache.complete(miss.load(), ok("{\"version\":\"2\"}"));
                }
                answers.add(decision);
            });
            threads.add(follower);
            follower.start();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.TIMED_WAITING));
        clock.advance(Duration.ofMillis(1));

        cache.complete(leader.load(), ok("{\"version\":\"1\"}"));
        for (Thread follower : threads) {
            follower.join(10_000);
        }

        assertThat(answers).hasSize(8);
        assertThat(originCalls).hasValueLessThanOrEqualTo(2);
    }

    @Test
    void servesStaleWithinGraceWhileAnotherRequestReloads() {
        load(Requests.get("/health").build(), ok("{\"v\":1}"));
        clock.advance(Duration.ofSeconds(61));
        CacheDecision reloading = cache.lookup(Requests.get("/health").build());

        CacheDecision concurrent = cache.lookup(Requests.get("/health").build());

        assertThat(reloading).isInstanceOf(CacheDecision.Miss.class);
        assertThat(((CacheDecision.Miss) reloading).load().staleFallback()).isPresent();
        assertThat(concurrent).isInstanceOfSatisfying(CacheDecision.Hit.class, hit -> assertThat(hit.stale()).isTrue());
    }

    @Test
    void treatsAnEntryPastItsGraceAsAMiss() {
        load(Requests.get("/health").build(), ok("{\"v\":1}"));
        clock.advance(Duration.ofSeconds(60 + 10 + 1));

        CacheDecision decision = cache.lookup(Requests.get("/health").build());

        assertThat(decision).isInstanceOf(CacheDecision.Miss.class);
        assertThat(((CacheDecision.Miss) decision).load().staleFallback()).isEmpty();
    }

    @Test
    void answersHeadFromTheGetEntryButNeverStoresFromHead() {
        CacheDecision headMiss = cache.lookup(Requests.get("/health").method("HEAD").build());
        CacheDecision.Completion fromHead = cache.complete(((CacheDecision.Miss) headMiss).load(), ok("{}"));
        load(Requests.get("/health").build(), ok("{}"));

        CacheDecision headHit = cache.lookup(Requests.get("/health").method("HEAD").build());

        assertThat(fromHead.stored()).isEmpty();
        assertThat(headHit).isInstanceOf(CacheDecision.Hit.class);
    }

    @Test
    void reloadsOnRequestNoCacheAndRefreshesTheEntry() {
        load(Requests.get("/health").build(), ok("{\"v\":1}"));

        CacheDecision decision = cache.lookup(Requests.get("/health").cacheControl("no-cache").build());
        cache.complete(((CacheDecision.Miss) decision).load(), ok("{\"v\":2}"));

        CacheDecision.Hit hit = (CacheDecision.Hit) cache.lookup(Requests.get("/health").build());
        assertThat(new String(hit.response().body(), StandardCharsets.UTF_8)).isEqualTo("{\"v\":2}");
    }

    @Test
    void aFailingStoreIsAMissAndAnErrorMetricNotAnException() {
        FaultyCacheStore faulty = new FaultyCacheStore(store);
        cache = cacheOver(new FailOpenCacheStore(faulty, metrics, "memory", clock), CacheSettings.defaults("memory"));
        faulty.failAll();

        CacheDecision decision = cache.lookup(Requests.get("/health").build());
        CacheDecision.Completion completion = cache.complete(((CacheDecision.Miss) decision).load(), ok("{}"));

        assertThat(decision).isInstanceOf(CacheDecision.Miss.class);
        assertThat(completion.stored()).isEmpty();
        assertThat(metrics.events(CacheOutcome.ERROR)).hasSize(1);
    }

    private CacheInvalidator invalidator() {
        return new CacheInvalidator(store, new InMemoryInvalidationBus(), metrics, "memory");
    }

    private String reasonOf(Requests request) {
        CacheDecision decision = cache.lookup(request.build());
        assertThat(decision).isInstanceOf(CacheDecision.Bypass.class);
        return ((CacheDecision.Bypass) decision).reason();
    }

    private CacheDecision.Completion load(CacheableRequest request, OriginResponse origin) {
        CacheDecision decision = cache.lookup(request);
        assertThat(decision).isInstanceOf(CacheDecision.Miss.class);
        return cache.complete(((CacheDecision.Miss) decision).load(), origin);
    }

    private static OriginResponse ok(String json) {
        return origin(200, Map.of(), json);
    }

    private static OriginResponse origin(int status, Map<String, List<String>> headers, String body) {
        Map<String, List<String>> all = new java.util.HashMap<>(headers);
        all.put("Content-Type", List.of("application/json"));
        return new OriginResponse(status, all, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A store across the network: every read goes to the backing store, none is local. */
    private static class OnlyRemoteCacheStore extends ForwardingCacheStore {

        OnlyRemoteCacheStore(CacheStore backing) {
            super(backing);
        }

        @Override
        public Optional<CachedResponse> getLocal(CacheKey key) {
            return Optional.empty();
        }

        @Override
        public Residence residence() {
            return Residence.REMOTE;
        }
    }
}
