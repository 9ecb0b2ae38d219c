package dev.jobcache.adapters.rest;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.nio.NIOConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * The TCP connection under one live stream, as far as {@link LiveMonitor} needs it: buffers small enough that a
 * reader who stops reading shows within seconds, and a way to hang up on one who did.
 *
 * <p>By default the kernel grows a socket's send buffer to megabytes and Grizzly queues four times that in the heap
 * before a write blocks, so a dashboard that stops reading would hold some 10 MB and take minutes to notice. A
 * snapshot a second needs a fraction of that. Hanging up closes the socket without flushing: the reader does not
 * read, and a graceful close would wait for it.
 */
final class StreamConnection {

    /** The kernel doubles it for its own bookkeeping, so a stream keeps about 128 KiB in the socket. */
    static final int SEND_BUFFER_BYTES = 64 * 1024;
    /** What Grizzly queues in the heap beyond the socket before a write waits. */
    static final int WRITE_QUEUE_BYTES = 64 * 1024;
    static final StreamConnection NONE = new StreamConnection(null);
    private static final Logger LOG = LoggerFactory.getLogger(StreamConnection.class);

    private final Connection<?> connection;

    private StreamConnection(Connection<?> connection) {
        this.connection = connection;
    }

    /** The connection a request came over, or {@link #NONE} for one that came over none (an in-process request). */
    static StreamConnection of(Request request) {
        Connection<?> connection = request == null ? null : request.getConnection();
        return connection == null ? NONE : new StreamConnection(connection);
    }

    /** Shrinks the buffers; call before the first write. */
    void bound() {
        if (connection == null) {
            return;
        }
        connection.setMaxAsyncWriteQueueSize(WRITE_QUEUE_BYTES);
        // Grizzly's own setter only ever grows the buffer
        if (connection instanceof NIOConnection nio && nio.getChannel() instanceof SocketChannel socket) {
            try {
                socket.socket().setSendBufferSize(SEND_BUFFER_BYTES);
            } catch (IOException e) {
                LOG.debug("could not shrink a live stream's send buffer: {}", e.toString());
            }
        }
    }

    /** Closes the connection at once, discarding what it still holds; a write blocked on it fails. */
    void hangUp() {
        if (connection != null) {
            connection.terminate();
        }
    }
}
