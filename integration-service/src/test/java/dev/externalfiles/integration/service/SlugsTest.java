package dev.externalfiles.integration.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SlugsTest {

    @Test
    void documentedExampleBecomesHexsTestingBucket() {
        assertEquals("hexs_testing_bucket", Slugs.of("Hex's Testing Bucket"));
    }

    @Test
    void upperCaseIsLoweredAndDigitsAndUnderscoresKept() {
        assertEquals("sales_2024_q1", Slugs.of("SALES_2024 Q1"));
    }

    @Test
    void punctuationIsRemovedNotReplaced() {
        assertEquals("abc", Slugs.of("a.b-c!"));
    }

    @Test
    void everySpaceBecomesAnUnderscore() {
        assertEquals("__a__", Slugs.of("  a  "));
    }

    @Test
    void nonAsciiLettersAreRemoved() {
        assertEquals("caf_donnes", Slugs.of("Café Données"));
        assertEquals("", Slugs.of("数据"));
    }

    @Test
    void nameOfOnlyPunctuationGivesEmptySlug() {
        assertEquals("", Slugs.of("!!!---"));
    }

    @Test
    void tabsAreNotSpaces() {
        assertEquals("ab", Slugs.of("a\tb"));
    }
}
