package dev.jobcache.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import org.junit.jupiter.api.Test;

/**
 * Checks the production code of every module against {@link ArchitectureRules}. The sibling modules arrive as jars
 * in a reactor build, so the import must not exclude jars.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.jobcache";

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + "..");

    private static final JavaClasses TESTKIT = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT + ".testkit..");

    private static final ArchitectureRules RULES = new ArchitectureRules(ROOT);

    @Test
    void importHoldsClassesFromEveryModuleRoot() {
        assertThat(RULES.moduleRootsMissingFrom(PRODUCTION))
                .as("module roots with no production class in the import (an empty import makes every rule vacuous)")
                .isEmpty();
    }

    @Test
    void hexagonHasTheOnionShape() {
        RULES.hexagonShape().check(PRODUCTION);
    }

    @Test
    void domainDependsOnlyOnTheJdkWithoutIo() {
        RULES.domainIsPure().check(PRODUCTION);
    }

    @Test
    void applicationDependsOnlyOnDomainJdkAndSlf4j() {
        RULES.applicationIsPure().check(PRODUCTION);
    }

    @Test
    void lettuceNettyAndReactorStayInTheRedisAdapter() {
        RULES.lettuceOnlyInRedisAdapter().check(PRODUCTION);
    }

    @Test
    void micrometerAndPrometheusStayInTheMicrometerAdapter() {
        RULES.micrometerOnlyInMicrometerAdapter().check(PRODUCTION);
    }

    @Test
    void caffeineStaysInTheCaffeineAdapter() {
        RULES.caffeineOnlyInCaffeineAdapter().check(PRODUCTION);
    }

    @Test
    void jdbcPoolAndMigrationsStayInTheJdbcAdapter() {
        RULES.jdbcOnlyInJdbcAdapter().check(PRODUCTION);
    }

    @Test
    void jerseyHk2AndJacksonStayInTheRestAdapterAndBootstrap() {
        RULES.jerseyOnlyInRestAdapterAndBootstrap().check(PRODUCTION);
    }

    @Test
    void grizzlyStaysAtTheHttpEdge() {
        RULES.grizzlyOnlyAtTheHttpEdge().check(PRODUCTION);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        RULES.adaptersAreIndependent().check(PRODUCTION);
    }

    @Test
    void onlyBootstrapNamesAnAdapter() {
        RULES.onlyBootstrapNamesAnAdapter().check(PRODUCTION);
    }

    @Test
    void portsAreInterfaces() {
        RULES.portsAreInterfaces().check(PRODUCTION);
    }

    @Test
    void portImplementationsAreNamedForTheirPort() {
        RULES.portImplementationsAreNamedForTheirPort().check(PRODUCTION);
    }

    @Test
    void adaptersDefineNoUseCasesOrServices() {
        RULES.adaptersDefineNoUseCases().check(PRODUCTION);
    }

    @Test
    void restAdapterReachesStoresOnlyThroughTheApplication() {
        RULES.restGoesThroughTheApplication().check(PRODUCTION);
    }

    @Test
    void packagesAreFreeOfCycles() {
        RULES.noPackageCycles().check(PRODUCTION);
    }

    @Test
    void onlyTheSystemClockReadsTheSystemTime() {
        RULES.timeOnlyThroughTheClockPort().check(PRODUCTION);
    }

    @Test
    void onlyMainWritesToStandardStreams() {
        RULES.noStandardStreamsOutsideMain().check(PRODUCTION);
    }

    @Test
    void nothingUsesJavaUtilLogging() {
        RULES.noJavaUtilLogging().check(PRODUCTION);
    }

    @Test
    void nothingUsesFieldInjection() {
        RULES.noFieldInjection().check(PRODUCTION);
    }

    @Test
    void nothingThrowsGenericExceptions() {
        RULES.noGenericExceptions().check(PRODUCTION);
    }

    @Test
    void testkitDependsOnNeitherApplicationNorAdaptersNorBootstrap() {
        RULES.testkitWall().check(TESTKIT);
    }
}
