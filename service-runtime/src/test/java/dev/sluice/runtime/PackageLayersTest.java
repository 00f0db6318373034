package dev.sluice.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's packages stack one way: a package imports only the packages below it, and code names other Sluice
 * types by import, not by a fully qualified name.
 */
class PackageLayersTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "sluice", "runtime");

    /** Each package and the runtime packages it may import. */
    private static final Map<String, Set<String>> MAY_IMPORT = Map.of(
            "aws", Set.of(),
            "logging", Set.of(),
            "metrics", Set.of(),
            "topology", Set.of(),
            "events", Set.of("topology"),
            "messaging", Set.of("logging", "topology"),
            "service", Set.of("aws", "events", "messaging", "topology"),
            "stage", Set.of("aws", "events", "logging", "messaging", "metrics", "service", "topology"),
            "lambda", Set.of("messaging", "service"));

    private static final Pattern RUNTIME_IMPORT = Pattern.compile("^import dev\\.sluice\\.runtime\\.([a-z]+)\\.");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("\\bdev\\.sluice\\.[a-z.]+\\.[A-Z]");

    @Test
    void everyPackageImportsOnlyThePackagesBelowIt() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> packages = Files.list(SOURCES)) {
            for (Path dir : packages.filter(Files::isDirectory).toList()) {
                String pkg = dir.getFileName().toString();
                assertThat(MAY_IMPORT).as("the layer of package " + pkg).containsKey(pkg);
                for (Path file : javaFiles(dir)) {
                    for (String line : Files.readAllLines(file)) {
                        Matcher m = RUNTIME_IMPORT.matcher(line);
                        if (m.find() && !m.group(1).equals(pkg) && !MAY_IMPORT.get(pkg).contains(m.group(1))) {
                            violations.add(file.getFileName() + ": " + line);
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void codeNamesTypesByImportNotByQualifiedName() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path file : javaFiles(SOURCES)) {
            for (String line : Files.readAllLines(file)) {
                String code = line.strip();
                if (code.startsWith("import ") || code.startsWith("package ") || code.startsWith("*")
                        || code.startsWith("/*") || code.startsWith("//")) {
                    continue;
                }
                if (QUALIFIED_NAME.matcher(code).find()) {
                    violations.add(file.getFileName() + ": " + code);
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    private static List<Path> javaFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
