package dev.externalfiles.integration.s3;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BucketNamesTest {

    @ParameterizedTest
    @ValueSource(strings = { "my-bucket", "abc", "a.b.c", "bucket-2024", "0bucket9" })
    void validNamesPass(String name) {
        assertTrue(BucketNames.problemWith(name).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = { "ab", "Upper", "under_score", "-start", "end-", "a..b", "a.-b", "192.168.1.1", "xn--abc",
            "my-bucket-s3alias", "has space", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
    void namesS3WouldRefuseAreRefused(String name) {
        assertFalse(BucketNames.problemWith(name).isEmpty(), name);
    }
}
