package dev.jobcache.bootstrap.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one list of settings ({@link KnownSettings}): the loader reads exactly these, README's configuration table
 * lists exactly these, and a name that looks meant for one of them gets a warning naming it.
 */
class KnownSettingsTest {

    private static final Pattern VARIABLE = Pattern.compile("`([A-Z][A-Z0-9_]+)`");

    @Test
    void readmeConfigurationTableListsEveryKnownSettingAndNoOther() throws IOException {
        Set<String> inReadme = new TreeSet<>();
        for (String row : configurationTable()) {
            String firstCell = row.split("\\|")[1];
            Matcher variable = VARIABLE.matcher(firstCell);
            while (variable.find()) {
                inReadme.add(variable.group(1));
            }
        }

        assertThat(inReadme).containsExactlyInAnyOrderElementsOf(KnownSettings.NAMES);
    }

    @Test
    void theLoaderReadsEveryKnownSettingAndNoOther() {
        Set<String> asked = new LinkedHashSet<>();
        Map<String, String> recordingEnvironment = new HashMap<>() {
            @Override
            public String get(Object key) {
                asked.add((String) key);
                return super.get(key);
            }
        };

        ConfigLoader.load(Map.of(), recordingEnvironment);

        assertThat(asked).containsExactlyInAnyOrderElementsOf(KnownSettings.NAMES);
    }

    @Test
    void refusesToReadANameThatIsNotListedSoTheListCannotFallBehind() {
        Settings settings = new Settings(Map.of(), Map.of(), Map.of());

        assertThatThrownBy(() -> settings.get("CACHE_SOMETHING_NEW"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("KnownSettings.NAMES")
                .hasMessageContaining("README");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "CACHE_MAX_MEMORY_MBS, CACHE_MAX_MEMORY_MB",
            "CACHE_MAX_MEMORY, CACHE_MAX_MEMORY_MB",
            "REDIS_TIMEOUT, REDIS_TIMEOUT_MS",
            "REDIS_PORT, REDIS_URL",
            "HTTP_PROT, HTTP_PORT",
            "JOBS_DB_PASS, JOBS_DB_PASSWORD",
            "AUTH_TOKEN, AUTH_TOKENS",
            "ADMIN_TOKEN, ADMIN_TOKENS",
            "SHUTDOWN_GRACE, SHUTDOWN_GRACE_SECONDS",
            "JOBCACHE_CONFIG_FIL, JOBCACHE_CONFIG_FILE",
            "cache_backend, CACHE_BACKEND",
            "CAHCE_BACKEND, CACHE_BACKEND",
            "HTTPS_PORT, HTTP_PORT"
    })
    void takesANameMeantForJobcacheForAMisspellingOfTheClosestKnownSetting(String name, String meant) {
        assertThat(KnownSettings.meantFor(name, "1")).hasValue(meant);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PATH", "HOME", "JAVA_HOME", "JAVA_TOOL_OPTIONS", "HOSTNAME", "HTTP_PROXY", "http_proxy",
            "HTTPS_PROXY", "NO_PROXY", "REDIS_SERVICE_HOST", "REDIS_SERVICE_PORT", "REDIS_SERVICE_PORT_REDIS",
            "REDIS_PORT_6379_TCP", "REDIS_PORT_6379_TCP_ADDR", "JOBCACHE_SERVICE_HOST", "JOBCACHE_JAVA_OPTS", "JOBCACHE_JAR", "user.dir", "java.version",
            "CACHE_BACKEND", "HTTP_PORT"})
    void leavesKnownSettingsAndOtherProgramsNamesAlone(String name) {
        assertThat(KnownSettings.meantFor(name, "x")).isEmpty();
    }

    @Test
    void takesAKubernetesServiceAddressForOneAndAPortNumberForAMisspelling() {
        assertThat(KnownSettings.meantFor("REDIS_PORT", "tcp://10.0.0.7:6379")).isEmpty();
        assertThat(KnownSettings.meantFor("REDIS_PORT", "6379")).hasValue("REDIS_URL");
    }

    @Test
    void saysWhereEachUnknownSettingWasSetAndWhatItWasMeantFor() {
        List<String> lines = ConfigLoader.unknownSettings(
                Map.of("CACHE_DEFAULT_TTLS", "5", "java.version", "17"),
                Map.of("CACHE_MAX_MEMORY_MBS", "64", "PATH", "/bin", "CACHE_BACKEND", "none"),
                Map.of("redis_url", "redis://cache:6379/0"),
                "in /etc/jobcache.properties");

        assertThat(lines).containsExactly(
                "unknown setting CACHE_DEFAULT_TTLS as a -D system property is ignored (did you mean CACHE_DEFAULT_TTL?)",
                "unknown setting CACHE_MAX_MEMORY_MBS in the environment is ignored (did you mean CACHE_MAX_MEMORY_MB?)",
                "unknown setting redis_url in /etc/jobcache.properties is ignored (did you mean REDIS_URL?)");
    }

    /** The rows of the table under README's "## Configuration", header and separator left out. */
    private static List<String> configurationTable() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        int section = lines.indexOf("## Configuration");
        assertThat(section).as("README has a ## Configuration section").isNotNegative();
        List<String> rows = lines.subList(section, lines.size()).stream()
                .dropWhile(line -> !line.startsWith("|"))
                .takeWhile(line -> line.startsWith("|"))
                .skip(2)
                .toList();
        assertThat(rows).as("README's configuration table").isNotEmpty();
        return rows;
    }

    private static Path readme() {
        for (Path directory = Path.of("").toAbsolutePath(); directory != null; directory = directory.getParent()) {
            if (Files.isRegularFile(directory.resolve("README.md")) && Files.isDirectory(directory.resolve("bootstrap"))) {
                return directory.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md above " + Path.of("").toAbsolutePath());
    }
}
