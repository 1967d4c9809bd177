package io.websms.runtime.asterisk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of Asterisk's line protocols (AGI, AMI): UTF-8, ended by LF or CRLF, each bounded, so that a peer
 * cannot make websms buffer without end.
 */
public final class AsteriskLines {

    private AsteriskLines() {
    }

    /**
     * One line without its {@code \n} (and {@code \r}), or null at the end of the stream.
     *
     * @param max      the longest line taken, in bytes
     * @param protocol the protocol's name for the error ({@code AGI}, {@code AMI})
     * @throws IOException when the line is longer than {@code max}, or the stream breaks
     */
    public static String read(InputStream in, int max, String protocol) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            if (line.size() >= max) {
                throw new IOException("an " + protocol + " line is longer than " + max + " bytes");
            }
            line.write(b);
        }
    }
}
