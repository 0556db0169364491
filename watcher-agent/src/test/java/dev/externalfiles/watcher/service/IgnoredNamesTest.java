package dev.externalfiles.watcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IgnoredNamesTest {

    private final IgnoredNames defaults = new IgnoredNames(List.of(".*", "*~", "*.tmp", "*.part", "*.swp", "*.crdownload"));

    @ParameterizedTest
    @ValueSource(strings = { ".hidden", ".ef-put-1234", ".report.csv.swp", "notes.txt~", "scratch.tmp", "video.part",
            "x.swp", "big.iso.crdownload", ".ipynb_checkpoints" })
    void hiddenAndTemporaryNamesAreIgnored(String name) {
        assertThat(defaults.ignores(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = { "report.csv", "tmp", "a.tmp.csv", "part", "swp.txt", "file.crdownload.zip", "~home", "x.TMP" })
    void ordinaryNamesAreNot(String name) {
        assertThat(defaults.ignores(name)).isFalse();
    }

    @Test
    void aPathIsIgnoredWhenAnySegmentIs() {
        assertThat(defaults.ignoresAny(List.of(".ipynb_checkpoints", "analysis-checkpoint.ipynb"))).isTrue();
        assertThat(defaults.ignoresAny(List.of("sales", "2024.csv"))).isFalse();
    }

    @Test
    void globCharactersAreTheOnlySpecialOnes() {
        IgnoredNames custom = new IgnoredNames(List.of("cache?.db", "[draft]*", " ", "a.b"));
        assertThat(custom.ignores("cache1.db")).isTrue();
        assertThat(custom.ignores("cache12.db")).isFalse();
        assertThat(custom.ignores("[draft] plan.txt")).isTrue();
        assertThat(custom.ignores("d plan.txt")).isFalse();
        assertThat(custom.ignores("aXb")).isFalse();
    }
}
