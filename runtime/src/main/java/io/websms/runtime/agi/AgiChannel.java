package io.websms.runtime.agi;

import io.websms.runtime.asterisk.AsteriskLines;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The AGI line protocol on a pair of streams: standard input and output for a classic AGI script, a socket for
 * FastAGI. Asterisk first sends its {@code agi_*} environment, one {@code name: value} line each, ended by an empty
 * line; then the script sends commands and reads one {@code 200 result=…} reply per command. Lines are UTF-8.
 *
 * <p>Asterisk writes arguments raw, so a newline in a message body breaks its line into a bogus line of the
 * environment; {@link #readEnvironment()} joins such a line back to the value it belongs to. Not thread-safe: one
 * channel serves one AGI call.
 */
public final class AgiChannel {

    private static final Pattern REPLY = Pattern.compile("\\d{3} .*|\\d{3}");
    private static final Pattern ENV_LINE = Pattern.compile("agi_[a-z0-9_]+: .*|agi_[a-z0-9_]+:");
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_ENVIRONMENT = 256 * 1024;

    private final InputStream in;
    private final OutputStream out;

    public AgiChannel(InputStream in, OutputStream out) {
        this.in = in.markSupported() ? in : new BufferedInputStream(in);
        this.out = out;
    }

    /**
     * Reads the {@code agi_*} environment up to its empty line. A line that is no {@code agi_name: value} line
     * continues the value before it, joined with a newline.
     *
     * @throws IOException when the stream ends or breaks before the empty line, or the environment is too large
     */
    public Map<String, String> readEnvironment() throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        String last = null;
        int size = 0;
        while (true) {
            String line = readLine();
            if (line == null) {
                throw new EOFException("the AGI environment ended before its empty line");
            }
            size += line.length() + 1;
            if (size > MAX_ENVIRONMENT) {
                throw new IOException("the AGI environment is larger than " + MAX_ENVIRONMENT + " bytes");
            }
            if (line.isEmpty()) {
                if (last != null && last.startsWith("agi_arg_") && moreEnvironmentWaiting()) {
                    env.put(last, env.get(last) + "\n"); // an empty line inside a raw argument
                    continue;
                }
                return env;
            }
            if (ENV_LINE.matcher(line).matches()) {
                int colon = line.indexOf(':');
                last = line.substring(0, colon);
                env.put(last, colon + 2 <= line.length() ? line.substring(colon + 2) : "");
            } else if (last != null) {
                env.put(last, env.get(last) + "\n" + line);
            } else {
                throw new IOException("the AGI environment does not start with an agi_ line");
            }
        }
    }

    /**
     * Whether more lines already wait after an empty line. Asterisk sends nothing after its environment until it gets
     * a command (but a {@code HANGUP} notice), so waiting text that is no reply is the rest of an argument that held
     * an empty line.
     */
    private boolean moreEnvironmentWaiting() throws IOException {
        if (in.available() == 0) {
            return false;
        }
        in.mark(MAX_LINE + 2);
        try {
            String next = readLine();
            return next != null && !next.equals("HANGUP") && !REPLY.matcher(next).matches();
        } finally {
            in.reset();
        }
    }

    /** The arguments {@code agi_arg_1 …} of {@code env}, in order. */
    public static List<String> arguments(Map<String, String> env) {
        List<String> args = new ArrayList<>();
        for (int i = 1; env.containsKey("agi_arg_" + i); i++) {
            args.add(env.get("agi_arg_" + i));
        }
        return args;
    }

    /**
     * Sets channel variable {@code name} to {@code value} and reads Asterisk's reply. Line breaks in the value become
     * spaces (they would end the command); quotes and backslashes are escaped.
     *
     * @return the reply line, e.g. {@code 200 result=1}; empty when the call hung up
     * @throws IOException when the connection breaks
     */
    public Optional<String> setVariable(String name, String value) throws IOException {
        return command("SET VARIABLE " + name + " " + quote(value));
    }

    /**
     * Sends one command line and reads its reply. Skips the {@code HANGUP} notices FastAGI may send, the lines of a
     * multi-line {@code 520-} usage reply but its last, and any line that is no reply at all (the rest of a raw
     * argument that broke the environment early).
     */
    Optional<String> command(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (true) {
            String reply = readLine();
            if (reply == null) {
                throw new EOFException("Asterisk closed the AGI connection");
            }
            if (!REPLY.matcher(reply).matches()) {
                continue;
            }
            // 511: the channel is gone; the variable cannot be set and nobody is waiting for it.
            return reply.startsWith("511") ? Optional.empty() : Optional.of(reply);
        }
    }

    /** Sends one line that expects no reply (the relay's lines of {@link ClassicRelay}). */
    void notice(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"', '\\' -> out.append('\\').append(c);
                case '\r', '\n' -> out.append(' ');
                default -> out.append(c < ' ' ? ' ' : c);
            }
        }
        return out.append('"').toString();
    }

    /** One line without its {@code \n} (and {@code \r}), or null at the end of the stream. */
    private String readLine() throws IOException {
        return AsteriskLines.read(in, MAX_LINE, "AGI");
    }
}
