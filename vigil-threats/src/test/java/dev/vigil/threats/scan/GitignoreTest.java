package dev.vigil.threats.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The .gitignore patterns git users write, read as git reads them. */
class GitignoreTest {
    private static final Path ROOT = Path.of("/repo");
    private static final Gitignore RULES = Gitignore.parse(ROOT, List.of(
            "# build output", "", "target/", "*.log", "!important.log", "/secrets.txt", "docs/**/*.pdf", "\\#notes", "tmp?"));

    private static Boolean file(String path) {
        return RULES.ignores(ROOT.resolve(path), false);
    }

    private static Boolean folder(String path) {
        return RULES.ignores(ROOT.resolve(path), true);
    }

    @Test
    void namesMatchAtAnyDepthAndTheLastPatternDecides() {
        assertThat(file("app.log")).isTrue();
        assertThat(file("a/b/app.log")).isTrue();
        assertThat(file("important.log")).isFalse(); // taken back by !important.log
        assertThat(file("app.txt")).isNull();        // nothing here says
        assertThat(file("#notes")).isTrue();
        assertThat(file("tmp1")).isTrue();
        assertThat(file("tmp12")).isNull();
    }

    @Test
    void aSlashAnchorsToTheFolderAndATrailingOneMeansFoldersOnly() {
        assertThat(file("secrets.txt")).isTrue();
        assertThat(file("sub/secrets.txt")).isNull();
        assertThat(folder("target")).isTrue();
        assertThat(folder("module/target")).isTrue();
        assertThat(file("target")).isNull(); // a file named target is not a folder
        assertThat(file("docs/a/b/manual.pdf")).isTrue();
        assertThat(file("docs/manual.pdf")).isTrue();
        assertThat(file("other/manual.pdf")).isNull();
    }
}
