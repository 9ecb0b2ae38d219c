package dev.jobcache.bootstrap.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One TCP connection that writes exactly the bytes a test gives it, as a careless or hostile client would: no HTTP
 * library in between to tidy the framing up, send the body at once or close politely.
 */
final class RawConnection implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean closedByServer;

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
    }

    static RawConnection open(int port) {
        try {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setTcpNoDelay(true);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new IllegalStateException("could not connect to 127.0.0.1:" + port, e);
        }
    }

    /** @return false when the server had closed the connection (or reset it) */
    boolean send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean send(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            closedByServer = true;
            return false;
        }
    }

    /**
     * Reads what the server sends until it closes the connection or {@code wait} passes without a byte, and returns
     * everything received so far.
     */
    String readUntilClosedOr(Duration wait) {
        try {
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            byte[] buffer = new byte[16 * 1024];
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    closedByServer = true;
                    break;
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // the server said nothing more within the wait
        } catch (IOException e) {
            closedByServer = true;
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }

    /** Whatever has arrived, without waiting. */
    String receivedSoFar() {
        return readUntilClosedOr(Duration.ofMillis(1));
    }

    boolean closedByServer() {
        return closedByServer;
    }

    /** The status code of the first response received, or 0 before one arrived. */
    static int statusOf(String response) {
        if (!response.startsWith("HTTP/1.1 ") || response.length() < 12) {
            return 0;
        }
        return Integer.parseInt(response.substring(9, 12));
    }

    static String bodyOf(String response) {
        int start = response.indexOf("\r\n\r\n");
        return start < 0 ? "" : response.substring(start + 4);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's own socket cannot fail in a way that matters
        }
    }
}
