package io.websms.runtime.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every row of the PHP-semantics table (what PHP 8.2's parse_ini_file gives for a line of websms.conf): the value
 * websms reads must be the one PHP gave.
 */
class PhpIniSemanticsTest {

    private static final Map<String, String> ENV = Map.of("HOME", "/root");

    static Stream<Arguments> rows() {
        return Stream.of(
                arguments("auth_secret = \"se;cr=et\\x${HOME}\"", "auth_secret", null, "se;cr=et\\x/root"),
                arguments("resp_check = \"status=success\"", "resp_check", null, "status=success"),
                arguments("resp_ack = \"<Response></Response>\"", "resp_ack", null, "<Response></Response>"),
                arguments("archive = \"yes\"", "archive", null, "yes"),
                arguments("b = yes", "b", null, "1"),
                arguments("b = true", "b", null, "1"),
                arguments("b = on", "b", null, "1"),
                arguments("b = On", "b", null, "1"),
                arguments("b = no", "b", null, ""),
                arguments("b = off", "b", null, ""),
                arguments("b = none", "b", null, ""),
                arguments("b = false", "b", null, ""),
                arguments("b = null", "b", null, ""),
                arguments("b = NULL", "b", null, ""),
                arguments("empty =", "empty", null, ""),
                arguments("empty = \"\"", "empty", null, ""),
                arguments("x = value ; trailing comment", "x", null, "value"),
                arguments("x = value # not a comment", "x", null, "value # not a comment"),
                arguments("backslash = C:\\path\\to\\n", "backslash", null, "C:\\path\\to\\n"),
                arguments("esc = \"say \\\"hi\\\"\"", "esc", null, "say \"hi\""),
                arguments("single = 'single ; quoted'", "single", null, "single ; quoted"),
                arguments("single = '${HOME}'", "single", null, "${HOME}"),
                arguments("var = ${HOME}", "var", null, "/root"),
                arguments("var = ${UNSET_VARIABLE}", "var", null, ""),
                arguments("eq = a=b=c", "eq", null, "a=b=c"),
                arguments("num = 0123", "num", null, "0123"),
                arguments("url_host [api-1] = api.example1.com", "url_host", "api-1", "api.example1.com"),
                arguments("url_host[api-1]=api.example1.com", "url_host", "api-1", "api.example1.com"),
                arguments("quoted = \"a ; b\" ; comment", "quoted", null, "a ; b"),
                arguments("joined = \"a\" \"b\"", "joined", null, "a b"),
                arguments("dollar = \"\\${HOME}\"", "dollar", null, "${HOME}"),
                arguments("tabs =\tvalue\t", "tabs", null, "value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void readsTheValuePhpReads(String line, String key, String index, String expected) {
        IniReader.Result result = read("[s]\n" + line + "\n");
        assertEquals(1, result.entries().size(), () -> "entries of " + line + ": " + result.entries() + " " + result.diagnostics());
        IniEntry entry = result.entries().get(0);
        assertEquals(key, entry.key());
        assertEquals(index, entry.index());
        assertEquals(expected, entry.value());
        assertEquals(2, entry.line());
        assertTrue(result.diagnostics().stream().noneMatch(Diagnostic::isError), () -> result.diagnostics().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aQuotedEqualsSignNeedsNoWarningButAnUnquotedOneGetsOne(String line, String key, String index, String expected) {
        List<Diagnostic> warnings = read("[s]\n" + line + "\n").diagnostics();
        boolean unquotedEquals = line.equals("eq = a=b=c");
        if (line.contains("${UNSET_VARIABLE}")) {
            assertEquals(List.of("websms.conf:2: warning: [s] var: ${UNSET_VARIABLE} is not set in the environment, so it reads as empty. "
                    + "Fix: set UNSET_VARIABLE in websms's environment (Environment= or EnvironmentFile= of the systemd unit), or write the value itself."),
                    warnings.stream().map(Diagnostic::format).toList());
            return;
        }
        assertEquals(unquotedEquals, !warnings.isEmpty(), warnings::toString);
        if (unquotedEquals) {
            assertEquals("[s] eq: an unquoted '=' in a value makes PHP reject the whole file; websms reads it as text. "
                    + "Fix: put the value in double quotes.", warnings.get(0).format().substring("websms.conf:2: warning: ".length()));
        }
    }

    @org.junit.jupiter.api.Test
    void emptyIndexesNumberTheValuesInFileOrder() {
        IniReader.Result result = read("[websmsd]\nremt_addr [] = a\nurl_path [] = /x\nremt_addr [] = b\n");
        assertEquals(List.of("0:a", "0:/x", "1:b"), result.entries().stream().map(e -> e.index() + ":" + e.value()).toList());
    }

    @org.junit.jupiter.api.Test
    void anEmptyIndexFollowsTheLargestNumberedOne() {
        IniReader.Result result = read("[websmsd]\nremt_addr [5] = a\nremt_addr [] = b\n");
        assertEquals(List.of("5", "6"), result.entries().stream().map(IniEntry::index).toList());
    }

    @org.junit.jupiter.api.Test
    void commentLinesAndKeysBeforeAnySectionAreNotEntries() {
        IniReader.Result result = read("k = 1\n; comment = 2\n# comment = 3\n[s] ; a comment after the header\nx = 4\n");
        assertEquals(List.of("s.x=4"), result.entries().stream().map(e -> e.section() + "." + e.key() + "=" + e.value()).toList());
        assertEquals(List.of("websms.conf:1: warning: k: this key is outside any section and websms does not read it. "
                + "Fix: move it under [websms], [websmsd] or [astqueue]."), result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @org.junit.jupiter.api.Test
    void anUnterminatedQuoteIsAnErrorOnItsLineAndReadingGoesOn() {
        IniReader.Result result = read("[s]\na = 1\nb = \"open\nc = 3\n");
        assertEquals(List.of("websms.conf:3: error: [s] b: the double quote opened here is never closed. Fix: close the value with \"."),
                result.diagnostics().stream().map(Diagnostic::format).toList());
        assertEquals(List.of("a", "c"), result.entries().stream().map(IniEntry::key).toList());
    }

    @org.junit.jupiter.api.Test
    void aQuotedValueMaySpanLinesAsInPhp() {
        IniReader.Result result = read("[s]\nresp_ack = \"<Response>\n</Response>\"\nnext = 1\n");
        assertEquals(List.of("resp_ack=<Response>\n</Response>@2", "next=1@4"),
                result.entries().stream().map(e -> e.key() + "=" + e.value() + "@" + e.line()).toList());
    }

    @org.junit.jupiter.api.Test
    void aRepeatedSectionReplacesTheEarlierOneAsInPhp() {
        IniReader.Result result = read("[s]\na = 1\n[t]\nb = 2\n[s]\nc = 3\n");
        assertEquals(List.of("t.b", "s.c"), result.entries().stream().map(e -> e.section() + "." + e.key()).toList());
        assertEquals("websms.conf:5: warning: [s] [s] appears again (first at line 1); as in PHP, the keys of the earlier "
                + "block are dropped. Fix: merge the two blocks into one.", result.diagnostics().get(0).format());
    }

    @org.junit.jupiter.api.Test
    void aByteOrderMarkAndWindowsLineEndsAreRead() {
        IniReader.Result result = read("\uFEFF[s]\r\na = 1\r\nb = 2\r\n");
        assertEquals(List.of("a=1@2", "b=2@3"), result.entries().stream().map(e -> e.key() + "=" + e.value() + "@" + e.line()).toList());
    }

    @org.junit.jupiter.api.Test
    void aLineThatIsNoKeyValueIsAnError() {
        IniReader.Result result = read("[s]\nurl_host: http://x\n");
        assertEquals(List.of("websms.conf:2: error: [s] 'url_host: …' is neither a [section], a key = value line nor a comment. "
                + "Fix: write key = value, or start the line with ; to make it a comment."), result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @org.junit.jupiter.api.Test
    void aLineThatCannotBeReadIsNeverEchoedWithWhatMayBeASecret() {
        IniReader.Result result = read("[s]\nauth_secret : \"Xs3cr3t\"\nXs3cr3t\n[websms] auth_secret = Xs3cr3t\n");
        assertEquals(List.of(
                        "websms.conf:2: error: [s] 'auth_secret : …' is neither a [section], a key = value line nor a comment. "
                                + "Fix: write key = value, or start the line with ; to make it a comment.",
                        "websms.conf:3: error: [s] the line is neither a [section], a key = value line nor a comment. "
                                + "Fix: write key = value, or start the line with ; to make it a comment.",
                        "websms.conf:4: error: '[websms] …' is not a section header. Fix: write [name] on a line of its own."),
                result.diagnostics().stream().map(Diagnostic::format).filter(d -> d.contains("error")).toList());
        assertTrue(result.diagnostics().stream().noneMatch(d -> d.format().contains("s3cr3t")), result.diagnostics()::toString);
    }

    @org.junit.jupiter.api.Test
    void invalidUtf8IsAnError() {
        IniReader.Result result = IniReader.read("websms.conf", new byte[] {'[', 's', ']', '\n', 'a', '=', (byte) 0xff}, ENV::get);
        assertEquals(List.of("websms.conf: error: the file is not valid UTF-8. Fix: save it as UTF-8."),
                result.diagnostics().stream().map(Diagnostic::format).toList());
    }

    private static IniReader.Result read(String text) {
        return IniReader.read("websms.conf", text.getBytes(StandardCharsets.UTF_8), ENV::get);
    }
}
