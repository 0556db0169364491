package dev.externalfiles.watcher.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-follow file access on the real filesystem: links are refused wherever they are. */
class SafeFilesTest {

    @TempDir
    Path temp;
    Path project;
    Path outside;
    SafeFiles files;

    @BeforeEach
    void layout() throws Exception {
        project = Files.createDirectories(temp.resolve("project"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.createDirectories(project.resolve("a/b"));
        Files.writeString(project.resolve("a/b/file.txt"), "inside");
        files = new SafeFiles(project);
    }

    @Test
    void readsARegularFileWithItsStat() throws Exception {
        try (OpenFile file = files.open(List.of("a", "b", "file.txt"))) {
            assertThat(Sha256.of(file.channel())).isEqualTo(Sha256Of.text("inside"));
            assertThat(file.stat()).isEqualTo(FileStat.of(project.resolve("a/b/file.txt")));
        }
    }

    @Test
    void aLinkAsTheFileIsRefused() throws Exception {
        Files.createSymbolicLink(project.resolve("a/b/link.txt"), outside.resolve("secret.txt"));
        assertThatThrownBy(() -> files.open(List.of("a", "b", "link.txt")))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_FOLLOWED));
    }

    @Test
    void aLinkAsAFolderOnTheWayIsRefused() throws Exception {
        Files.createSymbolicLink(project.resolve("a/out"), outside);
        assertThatThrownBy(() -> files.open(List.of("a", "out", "secret.txt")))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_FOLLOWED));
        assertThatThrownBy(() -> files.dir(List.of("a", "out", "new"), true)).isInstanceOf(Refused.class);
        assertThat(outside.resolve("new")).doesNotExist();
    }

    @Test
    void createMakesOnlyTheMissingFoldersAndOpensTheExistingOnes() throws Exception {
        try (Dir dir = files.dir(List.of("a", "b", "c", "d"), true)) {
            assertThat(project.resolve("a/b/c/d")).isDirectory();
        }
        assertThat(project.resolve("a/b/file.txt")).hasContent("inside");
        try (Dir again = files.dir(List.of("a", "b", "c", "d"), true)) {
            assertThat(project.resolve("a/b/c/d")).isDirectory();
        }
    }

    @Test
    void aDanglingLinkOnTheWayIsRefusedNotReplacedByAFolder() throws Exception {
        Files.createSymbolicLink(project.resolve("a/gone"), outside.resolve("missing"));
        assertThatThrownBy(() -> files.dir(List.of("a", "gone", "new"), true))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_FOLLOWED));
        assertThat(outside.resolve("missing")).doesNotExist();
        assertThat(project.resolve("a/gone")).isSymbolicLink();
    }

    @Test
    void aFolderSwappedForALinkAfterOpeningKeepsPointingInside() throws Exception {
        try (Dir dir = files.dir(List.of("a", "b"), false)) {
            Files.move(project.resolve("a/b"), project.resolve("a/moved"));
            Files.createSymbolicLink(project.resolve("a/b"), outside);
            try (OpenFile file = dir.open("file.txt")) {
                assertThat(Sha256.of(file.channel())).isEqualTo(Sha256Of.text("inside"));
            }
            assertThatThrownBy(() -> dir.open("secret.txt")).isInstanceOf(Refused.class);
        }
    }

    @Test
    void foldersPipesAndAbsentFilesAreNotFiles() throws Exception {
        assertThatThrownBy(() -> files.open(List.of("a", "b")))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_A_FILE));
        new ProcessBuilder("mkfifo", project.resolve("a/pipe").toString()).start().waitFor();
        assertThatThrownBy(() -> files.open(List.of("a", "pipe")))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.NOT_A_FILE));
        assertThatThrownBy(() -> files.open(List.of("a", "absent")))
                .isInstanceOfSatisfying(Refused.class, e -> assertThat(e.reason()).isEqualTo(Refused.Reason.ABSENT));
    }

    @Test
    void writesANewFileAndRenamesItOverALinkWithoutFollowingIt() throws Exception {
        Files.createSymbolicLink(project.resolve("a/target.txt"), outside.resolve("secret.txt"));
        try (Dir dir = files.dir(List.of("a", "new", "deeper"), true)) {
            try (OpenFile out = dir.create(".tmp-1")) {
                out.channel().write(ByteBuffer.wrap("written".getBytes(StandardCharsets.UTF_8)));
                out.channel().force(true);
            }
            dir.rename(".tmp-1", "final.txt");
            dir.sync();
        }
        assertThat(project.resolve("a/new/deeper/final.txt")).hasContent("written");
        try (Dir dir = files.dir(List.of("a"), false)) {
            try (OpenFile out = dir.create(".tmp-2")) {
                out.channel().write(ByteBuffer.wrap("replaced".getBytes(StandardCharsets.UTF_8)));
            }
            dir.rename(".tmp-2", "target.txt");
        }
        assertThat(Files.isSymbolicLink(project.resolve("a/target.txt"))).isFalse();
        assertThat(project.resolve("a/target.txt")).hasContent("replaced");
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    void createNeverOpensAnExistingFileOrLink() throws Exception {
        Files.createSymbolicLink(project.resolve("a/planted"), outside.resolve("secret.txt"));
        try (Dir dir = files.dir(List.of("a"), false)) {
            assertThatThrownBy(() -> dir.create("planted")).isInstanceOf(Refused.class);
        }
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    /** Expected hashes, computed apart from the code under test. */
    static final class Sha256Of {
        static String text(String text) throws Exception {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
