package org.dkumonitor.agent.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessGroupTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        ".*java -Ddku\\.backend .*|'java -Ddku\\.backend '",
        "^.*FEKMain|FEKMain",
        "^(/[^ ]*/)?java( .*)?$|^(/[^ ]*/)?java( .*)?$",
        "a\\.*|a\\.*",
        "a\\\\.*|a\\\\",
        ".*?x|.*?x",
        ".*|''"})
    void dropsOnlyTheWildcardsASearchMakesRedundant(String regex, String forSearch) {
        assertEquals(forSearch.equals("''") ? "" : forSearch, ProcessGroup.forSearch(regex));
    }

    @ParameterizedTest
    @ValueSource(strings = {".*java -Ddku\\.backend .*", "^(/[^ ]*/)?java( .*)?$",
        "^.*Main$", ".*a.*", "b.*", ".*[xy]z"})
    void findsWhatCollectdsRegexFindsOnRandomCommandLines(String regex) {
        Pattern posixLike = Pattern.compile(regex, Pattern.DOTALL);
        ProcessGroup group = ProcessGroup.of("g", regex);
        Random random = new Random(6);
        List<String> words = List.of("java", "-Ddku.backend", "Main", "/usr/bin/java", "a", "b",
                "xz", "yz", "\n", "-cp", "/x/y.jar");
        for (int i = 0; i < 2000; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = random.nextInt(6); w >= 0; w--) {
                line.append(words.get(random.nextInt(words.size())));
                line.append(random.nextBoolean() ? " " : "");
            }
            String text = line.toString();
            assertEquals(posixLike.matcher(text).find(), group.matches(text), text);
        }
    }
}
