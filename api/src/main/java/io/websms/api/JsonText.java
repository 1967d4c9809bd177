package io.websms.api;

import java.util.Map;

/**
 * Writes a flat JSON object of strings: all {@link OutboundRequest.Format#JSON} needs, without a JSON library; and
 * the strings of {@link JsonView#toJson()}.
 */
final class JsonText {

    private JsonText() {
    }

    static String object(Map<String, String> members) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            string(out, member.getKey());
            out.append(':');
            string(out, member.getValue());
        }
        return out.append('}').toString();
    }

    /** {@code text} as a JSON string, quoted and escaped. */
    static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
