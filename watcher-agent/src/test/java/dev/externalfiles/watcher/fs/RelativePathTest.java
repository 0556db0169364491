package dev.externalfiles.watcher.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelativePathTest {

    @Test
    void plainPathsKeepTheirSegments() throws Exception {
        RelativePath path = RelativePath.of("sales/2024/q1.csv");
        assertThat(path.segments()).containsExactly("sales", "2024", "q1.csv");
        assertThat(path.name()).isEqualTo("q1.csv");
        assertThat(path.parent()).containsExactly("sales", "2024");
        assertThat(path).hasToString("sales/2024/q1.csv");
    }

    @Test
    void encodedSegmentsAreDecodedOneByOne() throws Exception {
        assertThat(RelativePath.ofEncoded("my%20reports/%C3%A9t%C3%A9%2B.csv").segments())
                .containsExactly("my reports", "été+.csv");
        assertThat(RelativePath.ofEncoded("emoji-%F0%9F%98%80.txt").name()).isEqualTo("emoji-\uD83D\uDE00.txt");
        assertThat(RelativePath.ofEncoded("plain-é.txt").name()).isEqualTo("plain-é.txt");
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "..", "../x", "a/../../x", "./x", "a/./x", "/etc/passwd", "a//b", "a/", "a\\b",
            "..\\x", "a\u0000b", "a\nb", "a\u007fb" })
    void unsafePathsAreRefused(String path) {
        assertThatThrownBy(() -> RelativePath.of(path)).isInstanceOf(RelativePath.UnsafePath.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "%2e%2e/x", "%2E%2E", "a/%2e%2e/%2e%2e/x", "%2e/x", "..%2fx", "%2Fetc%2Fpasswd",
            "a%5Cb", "a%00b", "a%0Ab", "%", "%2", "%zz", "%C3", "%FF%FE", "a//b" })
    void unsafeEncodedPathsAreRefused(String raw) {
        assertThatThrownBy(() -> RelativePath.ofEncoded(raw)).isInstanceOf(RelativePath.UnsafePath.class);
    }

    @Test
    void namesLongerThanTheFilesystemHoldsAreRefused() throws Exception {
        assertThat(RelativePath.of("a".repeat(255)).name()).hasSize(255);
        assertThatThrownBy(() -> RelativePath.of("a".repeat(256))).isInstanceOf(RelativePath.UnsafePath.class);
        // 128 two-byte characters are 256 bytes: too long, though only 128 characters.
        assertThatThrownBy(() -> RelativePath.of("é".repeat(128))).isInstanceOf(RelativePath.UnsafePath.class);
        // Over 1024 bytes in all: no object key can hold it.
        assertThatThrownBy(() -> RelativePath.of(String.join("/", List.of("d".repeat(250), "d".repeat(250),
                "d".repeat(250), "d".repeat(250), "f".repeat(30))))).isInstanceOf(RelativePath.UnsafePath.class);
    }
}
