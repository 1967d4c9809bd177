package io.websms.runtime.agi;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A deadline for what Asterisk owes a FastAGI call: its environment within {@code timeout} of the connection, and
 * each reply within {@code timeout} of the command it answers. A plain socket timeout bounds only the gap between
 * two bytes, so a peer sending a byte now and then could hold a call slot for ever; here every read gets only the
 * time left.
 */
final class SocketDeadline {

    private final Socket socket;
    private final long timeoutNanos;
    private long deadline;

    SocketDeadline(Socket socket, java.time.Duration timeout) {
        this.socket = socket;
        this.timeoutNanos = timeout.toNanos();
        this.deadline = System.nanoTime() + timeoutNanos;
    }

    /** The socket's input, each read bounded by the time left. */
    InputStream input() throws IOException {
        return new FilterInputStream(socket.getInputStream()) {
            @Override
            public int read() throws IOException {
                arm();
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                arm();
                return super.read(b, off, len);
            }
        };
    }

    /** The socket's output; each flush (a command sent) gives the reply a fresh {@code timeout}. */
    OutputStream output() throws IOException {
        return new FilterOutputStream(socket.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                super.flush();
                deadline = System.nanoTime() + timeoutNanos;
            }
        };
    }

    private void arm() throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("no complete answer in time");
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (left + 999_999) / 1_000_000)));
    }
}
