package dev.externalfiles.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.externalfiles.contracts.ObjectKeys.Refusal;

class ObjectKeysTest {

    @ParameterizedTest
    @ValueSource(strings = { "a.csv", "sales/2024.csv", "deep/er/still/file.parquet", "name with spaces.txt", "ünïcode/ファイル.csv",
            ".hidden", "a..b", "...", "x/..y/z" })
    void safeKeysAreAccepted(String key) {
        assertEquals(Optional.empty(), ObjectKeys.refusalFor(key));
    }

    @Test
    void traversalIsRefused() {
        assertEquals(Optional.of(Refusal.DOT_SEGMENT), ObjectKeys.refusalFor("../etc/passwd"));
        assertEquals(Optional.of(Refusal.DOT_SEGMENT), ObjectKeys.refusalFor("a/../../b"));
        assertEquals(Optional.of(Refusal.DOT_SEGMENT), ObjectKeys.refusalFor("a/./b"));
        assertEquals(Optional.of(Refusal.DOT_SEGMENT), ObjectKeys.refusalFor(".."));
    }

    @Test
    void absoluteBackslashAndControlCharactersAreRefused() {
        assertEquals(Optional.of(Refusal.ABSOLUTE), ObjectKeys.refusalFor("/etc/passwd"));
        assertEquals(Optional.of(Refusal.BACKSLASH), ObjectKeys.refusalFor("a\\..\\b"));
        assertEquals(Optional.of(Refusal.CONTROL_CHARACTER), ObjectKeys.refusalFor("a\u0000b"));
        assertEquals(Optional.of(Refusal.CONTROL_CHARACTER), ObjectKeys.refusalFor("a\nb"));
        assertEquals(Optional.of(Refusal.CONTROL_CHARACTER), ObjectKeys.refusalFor("a\u007fb"));
    }

    @Test
    void emptySegmentsAndFolderMarkersAreRefused() {
        assertEquals(Optional.of(Refusal.EMPTY_SEGMENT), ObjectKeys.refusalFor("a//b"));
        assertEquals(Optional.of(Refusal.FOLDER_MARKER), ObjectKeys.refusalFor("folder/"));
        assertEquals(Optional.of(Refusal.EMPTY), ObjectKeys.refusalFor(""));
    }

    @Test
    void overLongNamesAreRefused() {
        assertEquals(Optional.of(Refusal.SEGMENT_TOO_LONG), ObjectKeys.refusalFor("a".repeat(256)));
        assertEquals(Optional.empty(), ObjectKeys.refusalFor("a".repeat(255)));
        // 100 three-byte characters are 300 bytes: too long for one file name.
        assertEquals(Optional.of(Refusal.SEGMENT_TOO_LONG), ObjectKeys.refusalFor("€".repeat(100)));
        assertEquals(Optional.of(Refusal.KEY_TOO_LONG), ObjectKeys.refusalFor(("a".repeat(200) + "/").repeat(6)));
    }

    @Test
    void keysOutsideTheRootPrefixAreRefused() {
        assertEquals(Optional.of(Refusal.OUTSIDE_ROOT_PREFIX), ObjectKeys.refusalFor("other/a.csv", "data/"));
        assertEquals(Optional.empty(), ObjectKeys.refusalFor("data/a.csv", "data/"));
        assertEquals("a.csv", ObjectKeys.relativePath("data/a.csv", "data/"));
        assertTrue(ObjectKeys.refusalFor("data/../x", "data/").isPresent());
    }
}
