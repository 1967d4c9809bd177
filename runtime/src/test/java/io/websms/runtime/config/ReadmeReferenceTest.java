package io.websms.runtime.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The key table of docs/configuration.md is the reference admins read: it must list every key websms reads, with its real default. */
class ReadmeReferenceTest {

    private static final Pattern ROW = Pattern.compile("^\\| \\[(websms|websmsd|astqueue)\\] \\| (\\w+) \\|\\s*([^|]*?)\\s*\\|", Pattern.MULTILINE);

    @Test
    void theConfigurationPageListsEveryKeyWithItsDefault() throws Exception {
        String page = Files.readString(Path.of(System.getProperty("user.dir")).getParent().resolve("docs/configuration.md"));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher row = ROW.matcher(page);
        while (row.find()) {
            documented.put("[" + row.group(1) + "] " + row.group(2), row.group(3).strip());
        }
        Map<String, String> actual = new LinkedHashMap<>();
        for (KeySpec spec : CoreKeys.all()) {
            actual.put(spec.section() + " " + spec.name(), spec.defaultValue());
        }
        assertEquals(actual, documented);
    }
}
