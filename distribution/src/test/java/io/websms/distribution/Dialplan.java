package io.websms.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The contexts of an {@code extensions.conf} file and their extensions, read as Asterisk's pbx_config reads them
 * ({@code ;} starts a comment, {@code [name]} a context, {@code exten =>} an extension, {@code include =>} another
 * context), with Asterisk's extension patterns ({@code _X.}, {@code _[+0-9].}, …).
 */
final class Dialplan {

    private final Map<String, List<String>> extensions = new LinkedHashMap<>();
    private final Map<String, List<String>> includes = new LinkedHashMap<>();

    private Dialplan() {
    }

    static Dialplan read(Path file) throws IOException {
        Dialplan plan = new Dialplan();
        String context = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.replaceAll("(?<!\\\\);.*", "").strip();
            if (line.startsWith("[") && line.contains("]")) {
                context = line.substring(1, line.indexOf(']')).strip();
                plan.extensions.putIfAbsent(context, new ArrayList<>());
                plan.includes.putIfAbsent(context, new ArrayList<>());
            } else if (context != null && line.matches("exten\\s*=>?.*")) {
                String value = line.replaceFirst("exten\\s*=>?\\s*", "");
                plan.extensions.get(context).add(value.substring(0, value.indexOf(',')).strip());
            } else if (context != null && line.matches("include\\s*=>?.*")) {
                plan.includes.get(context).add(line.replaceFirst("include\\s*=>?\\s*", "").strip());
            }
        }
        return plan;
    }

    /** The contexts, in file order. */
    List<String> contexts() {
        return List.copyOf(extensions.keySet());
    }

    /** Whether {@code context} has an extension (its own or an included context's) that {@code exten} reaches. */
    boolean handles(String context, String exten) {
        return handles(context, exten, new ArrayList<>());
    }

    private boolean handles(String context, String exten, List<String> seen) {
        if (!extensions.containsKey(context) || seen.contains(context)) {
            return false;
        }
        seen.add(context);
        for (String pattern : extensions.get(context)) {
            if (matches(pattern, exten)) {
                return true;
            }
        }
        for (String included : includes.get(context)) {
            if (handles(included, exten, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Asterisk's extension matching: a literal, or after {@code _}: X, Z, N, [set], {@code .} (one or more), {@code !}. */
    static boolean matches(String pattern, String exten) {
        if (!pattern.startsWith("_")) {
            return pattern.equals(exten);
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 1; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            switch (Character.toUpperCase(c)) {
                case 'X' -> regex.append("[0-9]");
                case 'Z' -> regex.append("[1-9]");
                case 'N' -> regex.append("[2-9]");
                case '.' -> regex.append(".+");
                case '!' -> regex.append(".*");
                case '-' -> { } // Asterisk ignores dashes in patterns
                case '[' -> {
                    int end = pattern.indexOf(']', i);
                    regex.append('[').append(pattern.substring(i + 1, end).replace("\\", "\\\\").replace("[", "\\[")).append(']');
                    i = end;
                }
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return exten.matches(regex.toString());
    }
}
