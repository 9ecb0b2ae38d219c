package dev.jobcache.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The architecture rules of docs/architecture.md § Rules, written against a
 * package root. {@link ArchitectureTest} applies them to {@code dev.jobcache}; {@link ArchitectureRulesFixtureTest}
 * applies the same rules to the fixture roots under {@code dev.archfixture}, so that each rule is shown to pass on
 * a well-formed hexagon and to fail on a known-bad class: a rule that cannot fail is worse than none.
 */
final class ArchitectureRules {

    /** The module roots that an import of the whole code base must contain classes from (the sanity check). */
    static final List<String> MODULE_ROOTS = List.of(
            "domain", "application", "adapters.caffeine", "adapters.redis", "adapters.micrometer", "adapters.jdbc",
            "adapters.rest", "bootstrap", "testkit");

    /** Static factories that read the system's time, by owner. Only the {@code Clock} port's system enum may. */
    private static final Map<String, Set<String>> SYSTEM_TIME_READS = Map.of(
            "java.lang.System", Set.of("currentTimeMillis", "nanoTime"),
            "java.time.Instant", Set.of("now"),
            "java.time.LocalDateTime", Set.of("now"),
            "java.time.LocalDate", Set.of("now"),
            "java.time.LocalTime", Set.of("now"),
            "java.time.ZonedDateTime", Set.of("now"),
            "java.time.OffsetDateTime", Set.of("now"),
            "java.time.Clock", Set.of("systemUTC", "systemDefaultZone", "system"));

    private final String root;

    ArchitectureRules(String root) {
        this.root = root;
    }

    private String pkg(String relative) {
        return root + "." + relative + "..";
    }

    // 1 -------------------------------------------------------------------------------------------------------------

    ArchRule hexagonShape() {
        return onionArchitecture()
                .domainModels(pkg("domain.job"), pkg("domain.cache"), pkg("domain.security"))
                .domainServices(pkg("domain.port"))
                .applicationServices(pkg("application"))
                .adapter("caffeine", pkg("adapters.caffeine"))
                .adapter("redis", pkg("adapters.redis"))
                .adapter("micrometer", pkg("adapters.micrometer"))
                .adapter("jdbc", pkg("adapters.jdbc"))
                .adapter("rest", pkg("adapters.rest"))
                .withOptionalLayers(false)
                // bootstrap is the composition root and may use everything; testkit sits beside the hexagon and
                // has its own wall (testkitWall)
                .ignoreDependency(resideInAPackage(pkg("bootstrap")), alwaysTrue())
                .ignoreDependency(resideInAPackage(pkg("testkit")), alwaysTrue())
                // package-info classes (maven-compiler-plugin writes one for every package) hold no code
                .ensureAllClassesAreContainedInArchitectureIgnoring(
                        resideInAnyPackage(pkg("bootstrap"), pkg("testkit")).or(simpleName("package-info")))
                .because("docs/architecture.md § Modules and § Rules: the domain owns the ports, adapters plug in, "
                        + "inner layers never see outer ones and adapters never depend on each other");
    }

    // 2 -------------------------------------------------------------------------------------------------------------

    ArchRule domainIsPure() {
        DescribedPredicate<JavaClass> jdkWithoutIo = resideInAPackage("java..").and(not(resideInAnyPackage(
                "java.sql..", "java.net..", "java.util.logging..", "java.lang.reflect..")));
        return classes().that().resideInAPackage(pkg("domain"))
                .should().onlyDependOnClassesThat(resideInAPackage(pkg("domain")).or(jdkWithoutIo)
                        .as("reside in the domain or in java.. but not java.sql.., java.net.., "
                                + "java.util.logging.. or java.lang.reflect.."))
                .because("docs/architecture.md § Rules: domain uses only java.. (§ Modules: pure rules, no I/O; "
                        + "java.sql ships with the JDK, so \"java..\" alone would let JDBC types in)");
    }

    // 3 -------------------------------------------------------------------------------------------------------------

    ArchRule applicationIsPure() {
        return classes().that().resideInAPackage(pkg("application"))
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage(pkg("application"), pkg("domain"), "java..", "org.slf4j..")
                .because("docs/architecture.md § Rules: application uses only java.., domain and slf4j "
                        + "(no DI annotations, no framework types in the core)");
    }

    // 4 -------------------------------------------------------------------------------------------------------------

    ArchRule lettuceOnlyInRedisAdapter() {
        return frameworkOnlyIn(new String[] {"io.lettuce..", "io.netty..", "reactor..", "io.github.resilience4j.."},
                pkg("adapters.redis"));
    }

    ArchRule micrometerOnlyInMicrometerAdapter() {
        return frameworkOnlyIn(new String[] {"io.micrometer..", "io.prometheus.."}, pkg("adapters.micrometer"));
    }

    ArchRule caffeineOnlyInCaffeineAdapter() {
        return frameworkOnlyIn(new String[] {"com.github.benmanes.caffeine.."}, pkg("adapters.caffeine"));
    }

    ArchRule jdbcOnlyInJdbcAdapter() {
        return frameworkOnlyIn(new String[] {"java.sql..", "javax.sql..", "com.zaxxer.hikari..", "org.flywaydb..",
                "org.h2..", "org.postgresql.."}, pkg("adapters.jdbc"));
    }

    ArchRule jerseyOnlyInRestAdapterAndBootstrap() {
        return frameworkOnlyIn(new String[] {"jakarta.ws.rs..", "org.glassfish.jersey..", "org.glassfish.hk2..",
                "jakarta.inject..", "com.fasterxml.jackson.."}, pkg("adapters.rest"), pkg("bootstrap"));
    }

    /** The HTTP adapter owns the HTTP edge: Jersey runs in Grizzly, and cache hits are answered in front of it. */
    ArchRule grizzlyOnlyAtTheHttpEdge() {
        return frameworkOnlyIn(new String[] {"org.glassfish.grizzly.."}, pkg("adapters.rest"), pkg("bootstrap"));
    }

    private ArchRule frameworkOnlyIn(String[] libraries, String... allowed) {
        return noClasses().that().resideOutsideOfPackages(allowed)
                .should().dependOnClassesThat().resideInAnyPackage(libraries)
                .because("docs/architecture.md § Rules: no Jersey, Grizzly, HK2, Lettuce, Caffeine, JDBC or "
                        + "Jackson type outside its adapter");
    }

    // 5 -------------------------------------------------------------------------------------------------------------

    ArchRule adaptersAreIndependent() {
        return slices().matching(root + ".adapters.(*)..")
                .should().notDependOnEachOther()
                .because("docs/architecture.md § Modules: adapters never depend on each other");
    }

    // 6 -------------------------------------------------------------------------------------------------------------

    ArchRule onlyBootstrapNamesAnAdapter() {
        return noClasses().that().resideOutsideOfPackages(pkg("adapters"), pkg("bootstrap"))
                .should().dependOnClassesThat().resideInAPackage(pkg("adapters"))
                .because("docs/architecture.md § Modules: only bootstrap names an adapter class");
    }

    // 7 -------------------------------------------------------------------------------------------------------------

    ArchRule portsAreInterfaces() {
        return classes().that().resideInAPackage(pkg("domain.port")).and().areTopLevelClasses()
                .and().doNotHaveSimpleName("package-info")
                .should().beInterfaces()
                .because("docs/architecture.md § Ports and § Architecture rules: ports are interfaces in domain");
    }

    // 8 -------------------------------------------------------------------------------------------------------------

    ArchRule portImplementationsAreNamedForTheirPort() {
        return classes().should(beNamedForEveryPortTheyImplement())
                .because("docs/architecture.md § Rules: adapters implement ports "
                        + "(named Technology + Port or Behaviour + Port)");
    }

    ArchRule adaptersDefineNoUseCases() {
        return noClasses().that().resideInAPackage(pkg("adapters"))
                .should().haveSimpleNameEndingWith("UseCase")
                .orShould().haveSimpleNameEndingWith("Service")
                .because("docs/architecture.md § Rules: adapters implement ports, they do not define use cases");
    }

    /** Top-level interfaces of the port package; nested callback types (listeners, subscriptions) are not ports. */
    private boolean isPort(JavaClass type) {
        return type.isInterface() && type.isTopLevelClass() && type.getPackageName().equals(root + ".domain.port");
    }

    private ArchCondition<JavaClass> beNamedForEveryPortTheyImplement() {
        return new ArchCondition<>("have a simple name ending with the simple name of every port they implement") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaClass port : type.getAllRawInterfaces()) {
                    if (isPort(port) && !type.getSimpleName().endsWith(port.getSimpleName())) {
                        events.add(SimpleConditionEvent.violated(type, type.getName() + " implements port "
                                + port.getSimpleName() + " but its name does not end with " + port.getSimpleName()
                                + " in " + type.getSourceCodeLocation()));
                    }
                }
            }
        };
    }

    // 9 -------------------------------------------------------------------------------------------------------------

    ArchRule restGoesThroughTheApplication() {
        Pattern drivenPorts = Pattern.compile(
                Pattern.quote(root + ".domain.port.") + "(CacheStore|InvalidationBus|JobRepository)(\\$.*)?");
        return noClasses().that().resideInAPackage(pkg("adapters.rest"))
                .should().dependOnClassesThat(HasName.Predicates.nameMatching(drivenPorts.pattern())
                        .as("are the CacheStore, InvalidationBus or JobRepository port"))
                .because("docs/architecture.md § A request's way through: resources reach the cache and the jobs through "
                        + "application, never around the response cache or the invalidation rules");
    }

    // 10 ------------------------------------------------------------------------------------------------------------

    ArchRule noPackageCycles() {
        return slices().matching(root + ".(**)")
                .should().beFreeOfCycles()
                .because("docs/architecture.md § Rules: no package cycles");
    }

    // 11 ------------------------------------------------------------------------------------------------------------

    ArchRule timeOnlyThroughTheClockPort() {
        return noClasses().that().resideInAnyPackage(pkg("domain"), pkg("application"), pkg("adapters"))
                .and().doNotHaveFullyQualifiedName(root + ".domain.port.Clock$SystemClock")
                .should().accessTargetWhere(readsTheSystemTime())
                .because("docs/architecture.md § Ports: time comes from the Clock port, so that expiry and grace "
                        + "are tested by moving a fake clock");
    }

    private static DescribedPredicate<JavaAccess<?>> readsTheSystemTime() {
        return new DescribedPredicate<>("read the system time (System.currentTimeMillis/nanoTime, "
                + "java.time *.now, java.time.Clock.system*)") {
            @Override
            public boolean test(JavaAccess<?> access) {
                AccessTarget target = access.getTarget();
                return SYSTEM_TIME_READS.getOrDefault(target.getOwner().getName(), Set.of()).contains(target.getName());
            }
        };
    }

    // 12 ------------------------------------------------------------------------------------------------------------

    ArchRule noStandardStreamsOutsideMain() {
        return noClasses().that().doNotHaveFullyQualifiedName(root + ".bootstrap.Main")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("docs/architecture.md § Rules: only Main prints (start-up lines and the one-line config "
                        + "error); everything else logs through slf4j");
    }

    ArchRule noJavaUtilLogging() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING
                .because("docs/architecture.md § Modules: application and adapters log through slf4j");
    }

    ArchRule noFieldInjection() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_USE_FIELD_INJECTION
                .because("docs/architecture.md § Modules: bootstrap wires with constructors and new");
    }

    ArchRule noGenericExceptions() {
        return GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS
                .because("docs/architecture.md § Ports: callers tell failures apart (fail open on a store, 404 for a "
                        + "missing job), which generic exceptions do not allow");
    }

    /** Applied to a separate import of the test kit's main classes. */
    ArchRule testkitWall() {
        return noClasses().should().dependOnClassesThat()
                .resideInAnyPackage(pkg("application"), pkg("adapters"), pkg("bootstrap"))
                .because("docs/architecture.md § Modules: testkit depends on domain and JUnit only, so every team can use "
                        + "the fakes and contracts");
    }

    // sanity --------------------------------------------------------------------------------------------------------

    /** The module roots of {@link #MODULE_ROOTS} of which {@code imported} holds no class. */
    List<String> moduleRootsMissingFrom(JavaClasses imported) {
        return MODULE_ROOTS.stream()
                .filter(module -> imported.stream().noneMatch(c -> resideInAPackage(pkg(module)).test(c)))
                .toList();
    }
}
