package io.websms.runtime.config;

import org.ini4j.Config;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.spi.IniHandler;
import org.ini4j.spi.IniParser;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code websms.conf} into entries with PHP's {@code parse_ini_file(file, true)} semantics.
 *
 * <p>ini4j is the lexer: it tells section headers, comments and {@code key = value} lines apart and splits them.
 * It is fed one line at a time so that every entry keeps its line number (ini4j reports none), and only its parser
 * is used: never {@code BasicProfile.fetch()}, whose variable resolution holds CVE-2022-41404. What ini4j leaves
 * raw (quotes, inline comments, {@code ${NAME}}, booleans, {@code [index]}) is read as PHP reads it, by
 * {@link PhpIniValue} and here.
 */
final class IniReader {

    private static final Pattern KEY = Pattern.compile("([^\\[\\]\\s]+)\\s*(?:\\[\\s*([^\\]]*?)\\s*\\])?");

    private final String file;
    private final Function<String, String> env;
    private final IniParser parser;
    private final List<IniEntry> entries = new ArrayList<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();
    private final Map<String, Integer> sectionLines = new HashMap<>();
    private final Map<String, Integer> nextAppendIndex = new HashMap<>();
    private final Map<String, Integer> highestAppendIndex = new HashMap<>();
    private String section = "";

    private IniReader(String file, Function<String, String> env) {
        this.file = file;
        this.env = env;
        Config config = new Config();
        config.setEscape(false);
        config.setEscapeNewline(false);
        config.setGlobalSection(true);
        config.setEmptyOption(true);
        config.setMultiOption(true);
        config.setInclude(false);
        config.setComment(false);
        this.parser = IniParser.newInstance(config);
    }

    /** What was read: the entries in file order, the sections by first line, and what went wrong. */
    record Result(List<IniEntry> entries, Map<String, Integer> sectionLines, List<Diagnostic> diagnostics) {
    }

    /**
     * Reads {@code bytes}, the content of {@code file}; {@code env} resolves {@code ${NAME}}.
     */
    static Result read(String file, byte[] bytes, Function<String, String> env) {
        IniReader reader = new IniReader(file, env);
        reader.readAll(bytes);
        return new Result(List.copyOf(reader.entries), Map.copyOf(reader.sectionLines), List.copyOf(reader.diagnostics));
    }

    private void readAll(byte[] bytes) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            error(0, "", "", "the file is not valid UTF-8", "save it as UTF-8");
            return;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith(";") || trimmed.startsWith("#")) {
                continue;
            }
            i = readLine(lines, i);
        }
    }

    /** Reads the line at {@code i}; returns the index of the last line it used (a quoted value may span lines). */
    private int readLine(String[] lines, int i) {
        int lineNo = i + 1;
        String line = lines[i];
        String trimmed = line.strip();
        if (trimmed.startsWith("[")) {
            readSection(trimmed, lineNo);
            return i;
        }
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0 || (colon >= 0 && colon < eq) || trimmed.startsWith("=")) {
            error(lineNo, section, "", quotedStart(trimmed, "the line") + " is neither a [section], a key = value line nor a comment",
                    "write key = value, or start the line with ; to make it a comment");
            return i;
        }
        String[] option = lex(line, lineNo);
        if (option == null) {
            return i;
        }
        Matcher key = KEY.matcher(option[0]);
        if (!key.matches()) {
            error(lineNo, section, option[0], "'" + option[0] + "' is not a key name",
                    "write name = value or name [index] = value");
            return i;
        }
        String written = key.group(2) == null ? key.group(1) : key.group(1) + " [" + key.group(2) + "]";
        String raw = option[1] == null ? "" : option[1];
        int last = i;
        PhpIniValue.Reader reader = new PhpIniValue.Reader(env);
        PhpIniValue.Result result = reader.feed(raw);
        // A quoted value may span lines, as in PHP: read on, line by line, until the quote closes.
        while (result instanceof PhpIniValue.Unterminated) {
            if (last + 1 >= lines.length) {
                char quote = ((PhpIniValue.Unterminated) result).quote();
                error(lineNo, section, written, "the " + (quote == '"' ? "double" : "single") + " quote opened here is never closed",
                        "close the value with " + quote);
                return i; // go on with the next line, so that the errors below are found too
            }
            result = reader.feed("\n" + lines[++last]);
        }
        if (result instanceof PhpIniValue.Invalid invalid) {
            error(lineNo, section, written, invalid.message(), "write ${NAME} to use the environment variable NAME");
            return last;
        }
        PhpIniValue.Value value = (PhpIniValue.Value) result;
        for (String warning : value.warnings()) {
            warning(lineNo, section, written, warning, "put the value in double quotes");
        }
        for (String name : value.unset()) {
            // PHP reads it as empty too; but an empty auth_secret quietly turns a signature check off.
            warning(lineNo, section, written, "${" + name + "} is not set in the environment, so it reads as empty",
                    "set " + name + " in websms's environment (Environment= or EnvironmentFile= of the systemd unit), or write the value itself");
        }
        if (section.isEmpty()) {
            warning(lineNo, "", written, "this key is outside any section and websms does not read it",
                    "move it under [websms], [websmsd] or [astqueue]");
            return last;
        }
        entries.add(new IniEntry(section, key.group(1), index(key.group(1), key.group(2), lineNo, written), written, value.text(), lineNo));
        return last;
    }

    private void readSection(String trimmed, int lineNo) {
        // PHP allows a comment after the header; ini4j does not.
        int close = trimmed.indexOf(']');
        String header = close < 0 ? trimmed : trimmed.substring(0, close + 1);
        String rest = close < 0 ? "" : trimmed.substring(close + 1).strip();
        String[] name = new String[1];
        // What follows the header may be a key and its secret: it is not shown.
        String shown = close < 0 ? quotedStart(trimmed, "the line") : "'" + header + (rest.isEmpty() ? "" : " …") + "'";
        if (close < 0 || !(rest.isEmpty() || rest.startsWith(";"))) {
            error(lineNo, "", "", shown + " is not a section header", "write [name] on a line of its own");
            return;
        }
        try {
            parser.parse(new StringReader(header), new Handler() {
                @Override
                public void startSection(String sectionName) {
                    name[0] = sectionName;
                }
            });
        } catch (IOException e) {
            error(lineNo, "", "", shown + " is not a section header", "write [name] on a line of its own");
            return;
        }
        section = name[0] == null ? "" : name[0].strip();
        Integer first = sectionLines.putIfAbsent(section, lineNo);
        if (first != null) {
            // PHP keeps only the last block of a section that appears twice.
            entries.removeIf(e -> e.section().equals(section));
            nextAppendIndex.keySet().removeIf(k -> k.startsWith(section + "\u0000"));
            sectionLines.put(section, lineNo);
            warning(lineNo, section, "", "[" + section + "] appears again (first at line " + first
                    + "); as in PHP, the keys of the earlier block are dropped", "merge the two blocks into one");
        }
    }

    /** Splits a {@code key = value} line with ini4j: {key as written, raw value}, or null after an error. */
    private String[] lex(String line, int lineNo) {
        String[] option = new String[2];
        try {
            parser.parse(new StringReader(line), new Handler() {
                @Override
                public void handleOption(String optionName, String optionValue) {
                    option[0] = optionName;
                    option[1] = optionValue;
                }
            });
        } catch (InvalidFileFormatException e) {
            error(lineNo, section, "", quotedStart(line.strip(), "the line") + " cannot be read", "write key = value");
            return null;
        } catch (IOException e) {
            throw new IllegalStateException("Reading from a string failed", e);
        }
        return option[0] == null ? null : option;
    }

    /** The start of a line that cannot be read, quoted, without what may be a secret; {@code otherwise} when nothing is safe to show. */
    private static String quotedStart(String trimmed, String otherwise) {
        String start = Redaction.line(trimmed);
        return start.isEmpty() ? otherwise : "'" + start + "'";
    }

    /** The index as PHP assigns it: as written, or for {@code []} the next whole number of that key. */
    private String index(String key, String written, int lineNo, String writtenKey) {
        if (written == null) {
            return null;
        }
        String index = unquote(written);
        String counter = section + "\u0000" + key;
        if (index.isEmpty()) {
            int next = nextAppendIndex.getOrDefault(counter, 0);
            nextAppendIndex.put(counter, next + 1);
            int highest = highestAppendIndex.merge(section, next, Math::max);
            if (next < highest) {
                // The original documentation reads [] as "the interface of the lines around it"; PHP does not.
                warning(lineNo, section, writtenKey, "gets index " + next + ", not " + highest + ": PHP numbers [] per key ("
                        + "this is " + key + " [] number " + (next + 1) + "), not per block of lines",
                        "write " + key + " [" + highest + "] if it belongs to the interface with index " + highest);
            }
            return Integer.toString(next);
        }
        if (index.matches("0|-?[1-9][0-9]{0,8}")) {
            int number = Integer.parseInt(index);
            nextAppendIndex.merge(counter, number + 1, Math::max);
        }
        return index;
    }

    private static String unquote(String index) {
        if (index.length() >= 2 && (index.charAt(0) == '"' || index.charAt(0) == '\'')
                && index.charAt(index.length() - 1) == index.charAt(0)) {
            return index.substring(1, index.length() - 1);
        }
        return index;
    }

    private void error(int line, String sectionName, String key, String message, String fix) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, file, line, sectionName, key, message, fix));
    }

    private void warning(int line, String sectionName, String key, String message, String fix) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, file, line, sectionName, key, message, fix));
    }

    /** An ini4j handler that ignores what it is not told to record. */
    private abstract static class Handler implements IniHandler {
        @Override
        public void startIni() {
        }

        @Override
        public void endIni() {
        }

        @Override
        public void startSection(String sectionName) {
        }

        @Override
        public void endSection() {
        }

        @Override
        public void handleComment(String comment) {
        }

        @Override
        public void handleOption(String optionName, String optionValue) {
        }
    }
}
