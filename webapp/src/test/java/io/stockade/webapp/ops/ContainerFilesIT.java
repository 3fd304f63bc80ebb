package io.stockade.webapp.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The container files are checked where no container engine runs: Debian's {@code docker-compose} (1.29, which
 * {@code .ci/run} installs) validates both compose files without an engine and refuses keys it does not know, such
 * as a top-level {@code name:}; the npm package {@code dockerfile-utils} lints every Dockerfile; Debian's
 * {@code nginx -t} checks the front door's configuration. On top, the rules the compose files promise: a health
 * check on every service, start order by health, app services as a non-root user, named volumes, no secret in the
 * files, and every variable they read listed in {@code .env.example}.
 */
class ContainerFilesIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> COMPOSE_FILES = List.of("docker-compose.yml", "docker-compose.split.yml");
    private static final List<String> DOCKERFILES =
            List.of("command-side/Dockerfile", "query-side/Dockerfile", "ops/nginx/Dockerfile");
    private static final Set<String> APP_SERVICES = Set.of("command-side", "query-side", "web");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?:[:?-][^}]*)?}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|TOKEN|SECRET|_KEY|_KEY_ID)$");

    @TempDir
    Path temp;

    @Test
    void shouldValidateEveryComposeFileWithDockerComposeWhenEveryRequiredValueIsGiven() throws Exception {
        Path env = filledEnvFile();
        for (String file : COMPOSE_FILES) {
            Result result = run("docker-compose", "--env-file", env.toString(), "-f", file, "config", "-q");
            assertThat(result.exit()).as(file + ": " + result.output()).isZero();
        }
    }

    @Test
    void shouldRefuseToStartAndNameTheVariableWhenARequiredValueIsMissing() throws Exception {
        Path empty = Files.writeString(temp.resolve("empty.env"), "# nothing set\n");
        for (String file : COMPOSE_FILES) {
            Result result = run("docker-compose", "--env-file", empty.toString(), "-f", file, "config", "-q");
            assertThat(result.exit()).as(file).isNotZero();
            assertThat(result.output()).as(file).containsPattern("set [A-Z_]+").contains(".env.example");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCheckHealthStartInOrderRunAsNonRootAndUseNamedVolumes() throws Exception {
        Path env = filledEnvFile();
        for (String file : COMPOSE_FILES) {
            Result resolved = run("docker-compose", "--env-file", env.toString(), "-f", file, "config");
            assertThat(resolved.exit()).as(file).isZero();
            Map<String, Object> config = yaml(resolved.stdout());
            assertThat(config)
                    .as(file + " must stay readable by docker-compose 1.29")
                    .doesNotContainKey("name");
            Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) config.get("services");
            assertThat(services.keySet()).as(file).contains("postgres", "redis", "command-side", "query-side", "web");
            Set<String> namedVolumes = ((Map<String, Object>) config.get("volumes")).keySet();
            for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
                String where = file + " service " + service.getKey();
                Map<String, Object> s = service.getValue();
                assertThat(s).as(where + " has a health check").containsKey("healthcheck");
                Object dependsOn = s.get("depends_on");
                if (dependsOn != null) {
                    for (Object condition : ((Map<String, Object>) dependsOn).values()) {
                        assertThat((Map<String, Object>) condition)
                                .as(where + " waits for health")
                                .containsEntry("condition", "service_healthy");
                    }
                }
                if (APP_SERVICES.contains(service.getKey())) {
                    assertThat(String.valueOf(s.get("user"))).as(where).matches("[1-9][0-9]*:[1-9][0-9]*");
                }
                for (Object volume : (List<Object>) s.getOrDefault("volumes", List.of())) {
                    String source = String.valueOf(volume).split(":", 2)[0];
                    if (!source.startsWith("/")) {
                        assertThat(namedVolumes)
                                .as(where + " uses a declared named volume")
                                .contains(source);
                    }
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldKeepEverySecretOutOfTheFilesAndListEveryVariableInEnvExample() throws IOException {
        Set<String> listed = envExample().keySet();
        for (String file : COMPOSE_FILES) {
            String text = Files.readString(ROOT.resolve(file), StandardCharsets.UTF_8);
            Matcher m = VARIABLE.matcher(text);
            Set<String> used = new LinkedHashSet<>();
            while (m.find()) {
                used.add(m.group(1));
            }
            assertThat(listed)
                    .as(file + " reads only variables .env.example lists")
                    .containsAll(used);

            Map<String, Object> raw = yaml(text);
            Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) raw.get("services");
            for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
                Object environment = service.getValue().get("environment");
                if (environment instanceof Map<?, ?> variables) {
                    variables.forEach((name, value) -> {
                        if (SECRET_NAME.matcher(String.valueOf(name)).matches() && value != null) {
                            assertThat(String.valueOf(value))
                                    .as(file + " " + service.getKey() + " " + name + " comes from the environment")
                                    .startsWith("${");
                        }
                    });
                }
            }
        }
    }

    @Test
    void shouldLintEveryDockerfileAndBuildInStagesToANonRootImageWithAHealthCheck() throws Exception {
        for (String file : DOCKERFILES) {
            Result lint = run("npx", "--yes", "dockerfile-utils@0.16.3", "lint", file);
            // dockerfile-utils exits 0 even when it reports: anything it prints is a finding.
            assertThat(lint.exit()).as(file + ": " + lint.output()).isZero();
            assertThat(lint.output().strip()).as(file + " lint findings").isEmpty();

            List<String> lines = Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
            List<String> froms =
                    lines.stream().filter(l -> l.startsWith("FROM ")).toList();
            assertThat(froms).as(file + " builds in stages").hasSizeGreaterThanOrEqualTo(2);
            List<String> runtime = lines.subList(lines.lastIndexOf(froms.get(froms.size() - 1)), lines.size());
            assertThat(runtime)
                    .as(file + " runs as a non-root user")
                    .anyMatch(l -> l.matches("USER [1-9][0-9]*(:[1-9][0-9]*)?"));
            assertThat(runtime).as(file + " has a health check").anyMatch(l -> l.startsWith("HEALTHCHECK "));
            if (!file.startsWith("ops/")) {
                assertThat(froms.get(froms.size() - 1)).as(file).isEqualTo("FROM eclipse-temurin:17-jre");
                assertThat(froms.get(0)).as(file).startsWith("FROM maven:");
            }
        }
    }

    @Test
    void shouldPassNginxsOwnCheck() throws Exception {
        // nginx resolves the upstreams' names when it loads; here the compose services become loopback addresses.
        String conf = Files.readString(ROOT.resolve("ops/nginx/nginx.conf"), StandardCharsets.UTF_8)
                .replace("command-side:8080", "127.0.0.1:18080")
                .replace("query-side:8080", "127.0.0.1:18081")
                .replace(
                        "/etc/nginx/stockade-spa-headers.conf",
                        ROOT.resolve("ops/nginx/spa-headers.conf").toString())
                .replace("/usr/share/stockade/spa", temp.toString())
                .replace("pid /tmp/nginx.pid;", "pid " + temp.resolve("nginx.pid") + ";");
        assertThat(conf).doesNotContain("command-side:").doesNotContain("query-side:");
        Path copy = Files.writeString(temp.resolve("nginx.conf"), conf);
        Result result = run(
                "nginx",
                "-t",
                "-c",
                copy.toString(),
                "-e",
                temp.resolve("error.log").toString());
        assertThat(result.exit()).as(result.output()).isZero();
        assertThat(result.output()).contains("test is successful");
    }

    /** .env.example with every empty (required) value filled by a stand-in, and the defaults it shows kept. */
    private Path filledEnvFile() throws IOException {
        String filled = envExample().entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue().isEmpty() ? "validation-only" : e.getValue()))
                .collect(Collectors.joining("\n", "", "\n"));
        return Files.writeString(temp.resolve("validation.env"), filled);
    }

    private static Map<String, String> envExample() throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"), StandardCharsets.UTF_8)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                String[] kv = line.split("=", 2);
                values.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
            }
        }
        return values;
    }

    private static Map<String, Object> yaml(String text) {
        return new Yaml(new LoaderOptions()).load(text);
    }

    private record Result(int exit, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private Result run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
        // What the files read comes only from the env file given, never from the environment of the build.
        builder.environment().keySet().removeAll(envExample().keySet());
        builder.redirectOutput(temp.resolve("out.txt").toFile());
        builder.redirectError(temp.resolve("err.txt").toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException(
                    command[0] + " is needed here (.ci/run installs docker-compose and nginx from Debian; npx "
                            + "comes with Node)",
                    e);
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(
                process.exitValue(),
                Files.readString(temp.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(temp.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
