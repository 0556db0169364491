package dev.externalfiles.watcher.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IfMatchTest {

    private static final String SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    @Test
    void bareQuotedWeakAndListedTagsMatch() {
        assertThat(FileService.matches(SHA, SHA)).isTrue();
        assertThat(FileService.matches("\"" + SHA + "\"", SHA)).isTrue();
        assertThat(FileService.matches("W/\"" + SHA + "\"", SHA)).isTrue();
        assertThat(FileService.matches("\"other\", \"" + SHA.toUpperCase() + "\"", SHA)).isTrue();
        assertThat(FileService.matches("*", SHA)).isTrue();
    }

    @Test
    void anotherHashDoesNotMatch() {
        assertThat(FileService.matches("0".repeat(64), SHA)).isFalse();
        assertThat(FileService.matches("", SHA)).isFalse();
    }
}
