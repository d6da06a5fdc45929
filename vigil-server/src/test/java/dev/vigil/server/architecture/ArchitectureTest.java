package dev.vigil.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module shape, checked on the compiled classes: capability modules stand alone on core; the server
 * reaches the stores only through its composition root and its config; the API and the dashboard are
 * separate; packages form no cycles.
 *
 * <p>Two server rules are frozen: the violations that existed when they were written are listed in
 * {@code src/test/resources/archunit-frozen} and shrink as the server's pages and routes move behind the
 * capabilities' entry types; any new violation fails the build, and a fixed one leaves the list.
 */
class ArchitectureTest {
    private static final List<String> CAPABILITIES = List.of("checks", "notify", "metrics", "logs", "integrity", "threats", "incidents", "apm");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // Main code only: not this module's tests, nor the test jars of other modules (their fixtures).
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.vigil");
    }

    @Test
    void capabilityModulesDependOnCoreOnly() {
        for (String capability : CAPABILITIES) {
            String[] others = CAPABILITIES.stream().filter(c -> !c.equals(capability)).map(c -> "dev.vigil." + c + "..")
                    .toArray(String[]::new);
            ArchRule rule = noClasses().that().resideInAPackage("dev.vigil." + capability + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .orShould().dependOnClassesThat().resideInAnyPackage("dev.vigil.store..", "dev.vigil.server..")
                    .because("a capability module stands on vigil-core alone; the server wires capabilities together");
            rule.check(classes);
        }
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.vigil.core..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.vigil.checks..", "dev.vigil.notify..", "dev.vigil.metrics..", "dev.vigil.logs..",
                        "dev.vigil.integrity..", "dev.vigil.threats..", "dev.vigil.incidents..", "dev.vigil.store..", "dev.vigil.server..",
                        "dev.vigil.agent..", "dev.vigil.apm..")
                .check(classes);
    }

    @Test
    void theAgentCarriesOnlyWhatItRuns() {
        // The process on every monitored server: the host metrics, the plugin runner and file integrity, nothing of the server's.
        noClasses().that().resideInAPackage("dev.vigil.agent..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.vigil.notify..", "dev.vigil.logs..", "dev.vigil.threats..",
                        "dev.vigil.incidents..", "dev.vigil.apm..", "dev.vigil.store..", "dev.vigil.server..")
                .because("vigil-agent runs beside the real work on every server and ships only its own parts")
                .check(classes);
    }

    @Test
    void theStoresDoNotReachIntoTheServer() {
        noClasses().that().resideInAPackage("dev.vigil.store..").should().dependOnClassesThat()
                .resideInAPackage("dev.vigil.server..").check(classes);
    }

    @Test
    void capabilityPackagesHaveNoCycles() {
        for (String module : List.of("core", "checks", "notify", "metrics", "logs", "integrity", "threats", "incidents", "apm")) {
            slices().matching("dev.vigil." + module + ".(*)..").should().beFreeOfCycles().check(classes);
        }
    }

    @Test
    void theServerReachesTheStoresOnlyThroughItsCompositionRootsAndConfig() {
        // The composition roots are the classes of dev.vigil.server itself: Vigil (the server) and
        // OfflineStores (the command line); everything else sees the stores' interfaces only.
        noClasses().that().resideInAPackage("dev.vigil.server..")
                .and().resideOutsideOfPackages("dev.vigil.server", "dev.vigil.server.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.store..")
                .because("the stores are chosen in one place, so another backend is a change of one class")
                .check(classes);
    }

    @Test
    void theDashboardDoesNotReachIntoTheApi() {
        // What both show (notification history, receivers) is read through dev.vigil.server.view.
        noClasses().that().resideInAPackage("dev.vigil.server.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.server.http..").check(classes);
    }

    @Test
    void theApiDoesNotReachIntoTheDashboard() {
        // The HTTP server hosts the pages through dev.vigil.server.view.Site; whoever starts it passes them in.
        noClasses().that().resideInAPackage("dev.vigil.server.http..")
                .should().dependOnClassesThat().resideInAPackage("dev.vigil.server.web..").check(classes);
    }

    /** On macOS and Windows one of two such files silently overwrites the other (RuleSet.java and Ruleset.java did). */
    @Test
    void noTwoPathsOfTheProjectDifferOnlyByCase() throws java.io.IOException {
        java.nio.file.Path root = java.nio.file.Path.of("..").toAbsolutePath().normalize();
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        List<String> clashes = new java.util.ArrayList<>();
        java.nio.file.Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
            @Override
            public java.nio.file.FileVisitResult preVisitDirectory(java.nio.file.Path dir,
                                                                   java.nio.file.attribute.BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                if (!dir.equals(root) && (name.startsWith(".") || name.equals("target") || name.equals("data"))) {
                    return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                }
                record(dir);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            @Override
            public java.nio.file.FileVisitResult visitFile(java.nio.file.Path file,
                                                           java.nio.file.attribute.BasicFileAttributes attrs) {
                record(file);
                return java.nio.file.FileVisitResult.CONTINUE;
            }

            private void record(java.nio.file.Path p) {
                String path = root.relativize(p).toString();
                String previous = seen.putIfAbsent(path.toLowerCase(java.util.Locale.ROOT), path);
                if (previous != null && !previous.equals(path)) {
                    clashes.add(previous + " and " + path);
                }
            }
        });
        org.assertj.core.api.Assertions.assertThat(clashes).as("paths that differ only by case").isEmpty();
    }
}
