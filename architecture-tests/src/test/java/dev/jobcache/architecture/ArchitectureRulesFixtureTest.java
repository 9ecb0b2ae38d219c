package dev.jobcache.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;

import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@link ArchitectureRules} honest: every rule passes on a well-formed miniature hexagon
 * ({@code dev.archfixture.good}) and reports the intended class of a known-bad miniature ({@code dev.archfixture.bad}).
 * The fixtures live outside {@code dev.jobcache}, so the production import never sees them.
 */
class ArchitectureRulesFixtureTest {

    private static final String GOOD_ROOT = "dev.archfixture.good";
    private static final String BAD_ROOT = "dev.archfixture.bad";

    private static final JavaClasses GOOD = new ClassFileImporter().importPackages(GOOD_ROOT);
    private static final JavaClasses GOOD_TESTKIT = new ClassFileImporter().importPackages(GOOD_ROOT + ".testkit");
    private static final JavaClasses BAD = new ClassFileImporter().importPackages(BAD_ROOT);
    private static final JavaClasses BAD_TESTKIT = new ClassFileImporter().importPackages(BAD_ROOT + ".testkit");

    private static final ArchitectureRules GOOD_RULES = new ArchitectureRules(GOOD_ROOT);
    private static final ArchitectureRules BAD_RULES = new ArchitectureRules(BAD_ROOT);

    static Stream<Named<Function<ArchitectureRules, ArchRule>>> everyRuleOnTheWholeCodeBase() {
        return Stream.of(
                Named.of("1 hexagon shape", ArchitectureRules::hexagonShape),
                Named.of("2 domain purity", ArchitectureRules::domainIsPure),
                Named.of("3 application purity", ArchitectureRules::applicationIsPure),
                Named.of("4 lettuce", ArchitectureRules::lettuceOnlyInRedisAdapter),
                Named.of("4 micrometer", ArchitectureRules::micrometerOnlyInMicrometerAdapter),
                Named.of("4 caffeine", ArchitectureRules::caffeineOnlyInCaffeineAdapter),
                Named.of("4 jdbc", ArchitectureRules::jdbcOnlyInJdbcAdapter),
                Named.of("4 jersey", ArchitectureRules::jerseyOnlyInRestAdapterAndBootstrap),
                Named.of("4 grizzly", ArchitectureRules::grizzlyOnlyAtTheHttpEdge),
                Named.of("5 adapters independent", ArchitectureRules::adaptersAreIndependent),
                Named.of("6 only bootstrap names adapters", ArchitectureRules::onlyBootstrapNamesAnAdapter),
                Named.of("7 ports are interfaces", ArchitectureRules::portsAreInterfaces),
                Named.of("8 port naming", ArchitectureRules::portImplementationsAreNamedForTheirPort),
                Named.of("8 no use cases in adapters", ArchitectureRules::adaptersDefineNoUseCases),
                Named.of("9 rest through application", ArchitectureRules::restGoesThroughTheApplication),
                Named.of("10 no package cycles", ArchitectureRules::noPackageCycles),
                Named.of("11 time through Clock", ArchitectureRules::timeOnlyThroughTheClockPort),
                Named.of("12 standard streams", ArchitectureRules::noStandardStreamsOutsideMain),
                Named.of("12 java.util.logging", ArchitectureRules::noJavaUtilLogging),
                Named.of("12 field injection", ArchitectureRules::noFieldInjection),
                Named.of("12 generic exceptions", ArchitectureRules::noGenericExceptions));
    }

    @ParameterizedTest
    @MethodSource("everyRuleOnTheWholeCodeBase")
    void everyRulePassesOnAWellFormedHexagon(Function<ArchitectureRules, ArchRule> rule) {
        EvaluationResult result = rule.apply(GOOD_RULES).evaluate(GOOD);

        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void theTestkitWallPassesOnAFakeThatUsesOnlyTheDomain() {
        EvaluationResult result = GOOD_RULES.testkitWall().evaluate(GOOD_TESTKIT);

        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void theSanityCheckFindsEveryModuleRootOfAWellFormedHexagon() {
        assertThat(GOOD_RULES.moduleRootsMissingFrom(GOOD)).isEmpty();
    }

    @Test
    void theSanityCheckReportsAMissingModuleRoot() {
        assertThat(BAD_RULES.moduleRootsMissingFrom(BAD)).containsExactlyInAnyOrder("adapters.redis", "adapters.micrometer", "bootstrap");
    }

    @Test
    void hexagonShapeCatchesADomainModelUsingAPort() {
        assertViolationNaming(BAD_RULES.hexagonShape(), "JobNeedsStore");
    }

    @Test
    void hexagonShapeCatchesAnAdapterUsingAnotherAdapter() {
        assertViolationNaming(BAD_RULES.hexagonShape(), "CallsJdbcAdapter");
    }

    @Test
    void hexagonShapeFailsWhenALayerIsEmpty() {
        JavaClasses withoutRest = new ClassFileImporter().importPackages(GOOD_ROOT + ".domain",
                GOOD_ROOT + ".application", GOOD_ROOT + ".adapters.caffeine", GOOD_ROOT + ".adapters.redis",
                GOOD_ROOT + ".adapters.micrometer", GOOD_ROOT + ".adapters.jdbc");

        EvaluationResult result = GOOD_RULES.hexagonShape().evaluate(withoutRest);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("'rest adapter' is empty"));
    }

    @Test
    void domainPurityCatchesJavaSqlEvenThoughItIsUnderJava() {
        assertViolationNaming(BAD_RULES.domainIsPure(), "SqlTimestamped");
    }

    @Test
    void applicationPurityCatchesDiAnnotationsAndFrameworks() {
        assertViolationNaming(BAD_RULES.applicationIsPure(), "InjectedJobs");
        assertViolationNaming(BAD_RULES.applicationIsPure(), "CaffeineInCore");
    }

    @Test
    void frameworkRulesCatchEachLibraryOutsideItsAdapter() {
        assertViolationNaming(BAD_RULES.caffeineOnlyInCaffeineAdapter(), "CaffeineInCore");
        assertViolationNaming(BAD_RULES.lettuceOnlyInRedisAdapter(), "LettuceInCore");
        assertViolationNaming(BAD_RULES.micrometerOnlyInMicrometerAdapter(), "MicrometerInCore");
        assertViolationNaming(BAD_RULES.jdbcOnlyInJdbcAdapter(), "SqlTimestamped");
        assertViolationNaming(BAD_RULES.jerseyOnlyInRestAdapterAndBootstrap(), "JacksonInJdbc");
        assertViolationNaming(BAD_RULES.jerseyOnlyInRestAdapterAndBootstrap(), "InjectedJobs");
        assertViolationNaming(BAD_RULES.grizzlyOnlyAtTheHttpEdge(), "GrizzlyInJdbc");
    }

    @Test
    void adapterIndependenceCatchesAnAdapterUsingAnother() {
        assertViolationNaming(BAD_RULES.adaptersAreIndependent(), "CallsJdbcAdapter");
    }

    @Test
    void onlyBootstrapNamesAdaptersCatchesTheApplicationNamingOne() {
        assertViolationNaming(BAD_RULES.onlyBootstrapNamesAnAdapter(), "NamesAnAdapter");
    }

    @Test
    void portsAreInterfacesCatchesAnAbstractClassPort() {
        assertViolationNaming(BAD_RULES.portsAreInterfaces(), "JobRepository");
    }

    @Test
    void portNamingCatchesAnAdapterNotNamedForItsPort() {
        assertViolationNaming(BAD_RULES.portImplementationsAreNamedForTheirPort(), "CaffeineStore");
    }

    @Test
    void adaptersDefineNoUseCasesCatchesAServiceClass() {
        assertViolationNaming(BAD_RULES.adaptersDefineNoUseCases(), "JobService");
    }

    @Test
    void restThroughApplicationCatchesAResourceUsingTheStore() {
        assertViolationNaming(BAD_RULES.restGoesThroughTheApplication(), "JobsResource");
    }

    @Test
    void noPackageCyclesCatchesACycle() {
        assertViolationNaming(BAD_RULES.noPackageCycles(), "cycle.a");
    }

    @Test
    void timeRuleCatchesCallsAndMethodReferences() {
        assertViolationNaming(BAD_RULES.timeOnlyThroughTheClockPort(), "CallsInstantNow");
        assertViolationNaming(BAD_RULES.timeOnlyThroughTheClockPort(), "ReferencesNanoTime");
        assertViolationNaming(BAD_RULES.timeOnlyThroughTheClockPort(), "UsesSystemUtcClock");
    }

    @Test
    void hygieneRulesCatchStreamsJulFieldInjectionAndGenericExceptions() {
        assertViolationNaming(BAD_RULES.noStandardStreamsOutsideMain(), "PrintsToStdout");
        assertViolationNaming(BAD_RULES.noJavaUtilLogging(), "UsesJulLogging");
        assertViolationNaming(BAD_RULES.noFieldInjection(), "InjectedJobs");
        assertViolationNaming(BAD_RULES.noGenericExceptions(), "ThrowsGenericException");
    }

    @Test
    void testkitWallCatchesAFakeUsingTheApplication() {
        EvaluationResult result = BAD_RULES.testkitWall().evaluate(BAD_TESTKIT);

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails()).anyMatch(line -> line.contains("FakeUsingApplication"));
    }

    private static void assertViolationNaming(ArchRule rule, String culprit) {
        EvaluationResult result = rule.evaluate(BAD);

        assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .as("violations of: " + rule.getDescription())
                .anyMatch(line -> line.contains(culprit));
    }
}
