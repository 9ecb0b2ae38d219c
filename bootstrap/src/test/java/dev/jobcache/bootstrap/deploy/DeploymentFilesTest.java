package dev.jobcache.bootstrap.deploy;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What can be checked here of the deployment files, which this machine cannot run (it has a Docker client but no
 * engine): the Dockerfile builds and runs what README says, the compose file parses and names only settings README
 * documents, HAProxy accepts its configuration, and systemd accepts the unit. Each tool that is missing makes its
 * check skip, loudly.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Stream.iterate(Path.of("").toAbsolutePath(), p -> p != null, Path::getParent)
            .filter(p -> Files.isRegularFile(p.resolve("Dockerfile")) && Files.isDirectory(p.resolve("deploy")))
            .findFirst().orElseThrow(() -> new AssertionError("no Dockerfile above " + Path.of("").toAbsolutePath()));
    private static final Pattern SETTING = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    @Test
    void theImageIsBuiltWithTheReadmesBuildCommandAndRunsItsJarAsANonRootUserWithAHealthCheck() throws IOException {
        String dockerfile = read("Dockerfile");
        String readme = read("README.md");

        assertThat(readme).contains("mvn -B -q install -DskipTests && java -jar bootstrap/target/jobcache.jar");
        assertThat(dockerfile).contains("RUN mvn -B -q install -DskipTests")
                .contains("COPY --from=build /src/bootstrap/target/jobcache.jar")
                .containsPattern("(?m)^USER jobcache$")
                .containsPattern("(?m)^HEALTHCHECK .*\\n?.*/health")
                .contains("exec java $JAVA_OPTS -jar jobcache.jar");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeFileRunsTwoInstancesOnRedisAndPostgresWithSettingsTheReadmeDocuments() throws IOException {
        Map<String, Object> compose = new Yaml().load(read("deploy/compose/compose.yaml"));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        Set<String> documented = documentedSettings();

        assertThat(services).containsKeys("jobcache-1", "jobcache-2", "haproxy", "redis", "postgres");
        for (String instance : List.of("jobcache-1", "jobcache-2")) {
            Map<String, Object> environment = (Map<String, Object>) services.get(instance).get("environment");
            assertThat(environment.keySet()).as("settings of %s", instance)
                    .allSatisfy(name -> assertThat(documented).as("README's configuration table").contains(name));
            assertThat(environment).containsEntry("CACHE_BACKEND", "two-tier")
                    .containsEntry("REDIS_URL", "redis://redis:6379/0")
                    .containsEntry("JOBS_DB_URL", "jdbc:postgresql://postgres:5432/jobcache");
            assertThat((Map<String, Object>) services.get(instance).get("depends_on")).containsKeys("redis", "postgres");
        }
        assertThat(services.get("redis")).containsKey("healthcheck");
        assertThat(services.get("postgres")).containsKey("healthcheck");
    }

    @Test
    void haproxyAcceptsTheComposeFilesConfigurationAndBalancesBothInstances() throws Exception {
        String config = read("deploy/compose/haproxy.cfg");
        assertThat(config).contains("server jobcache-1 jobcache-1:8080").contains("server jobcache-2 jobcache-2:8080");
        String haproxy = executable("/usr/sbin/haproxy", "haproxy (apt-get install haproxy; .ci/run installs it)");

        Run check = run(haproxy, "-c", "-f", ROOT.resolve("deploy/compose/haproxy.cfg").toString());

        assertThat(check.exitCode).as(check.output).isZero();
        assertThat(check.output).contains("Configuration file is valid");
    }

    @Test
    void systemdAcceptsTheUnitAndItsEnvironmentFileUsesOnlyDocumentedSettings() throws Exception {
        String unit = read("deploy/systemd/jobcache.service");
        Set<String> documented = documentedSettings();
        for (String line : read("deploy/systemd/jobcache.env").split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                assertThat(documented).as("README's configuration table").contains(line.substring(0, line.indexOf('=')));
            }
        }
        // Main exits 2 on a bad setting: restarting would only fail the same way
        assertThat(unit).contains("RestartPreventExitStatus=2").contains("EnvironmentFile=/etc/jobcache/jobcache.env");
        String systemdAnalyze = executable("/usr/bin/systemd-analyze", "systemd-analyze (part of systemd)");

        Run verify = run(systemdAnalyze, "verify", ROOT.resolve("deploy/systemd/jobcache.service").toString());

        assertThat(verify.exitCode).as(verify.output).isZero();
    }

    /** The variables README's configuration table names, in its first column. */
    private static Set<String> documentedSettings() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        String readme = read("README.md");
        String table = readme.substring(readme.indexOf("| variable | default | meaning |"));
        for (String row : table.split("\n")) {
            if (!row.startsWith("|")) {
                break;
            }
            Matcher setting = SETTING.matcher(row.split("\\|")[1]);
            while (setting.find()) {
                names.add(setting.group(1));
            }
        }
        names.add("JAVA_OPTS");
        return names;
    }

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
    }

    private static String executable(String path, String what) {
        if (!Files.isExecutable(Path.of(path))) {
            String message = "*** SKIPPED: " + what + " not installed — deployment file NOT checked ***";
            System.out.println(message);
            Assumptions.abort(message);
        }
        return path;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
