package io.websms.runtime.config;

/**
 * One {@code key = value} of a configuration file, with PHP's reading of the value applied.
 *
 * @param section the section's name without brackets
 * @param key     the key without its index
 * @param index   the index ({@code api-1}, or {@code 0, 1, …} for {@code key [] = …}); {@code null} without brackets
 * @param written the key as written, index included ({@code url_host [api-1]})
 * @param value   the value
 * @param line    the 1-based line it starts on
 */
public record IniEntry(String section, String key, String index, String written, String value, int line) {

    /** Whether the key was written with an index. */
    public boolean indexed() {
        return index != null;
    }
}
