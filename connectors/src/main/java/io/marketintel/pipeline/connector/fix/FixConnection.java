package io.marketintel.pipeline.connector.fix;

import org.agrona.DirectBuffer;

/**
 * Where a {@link FixSession} writes and what it closes: the live connection (a Netty channel in
 * production, a recorder in tests). Called on the session's event loop only.
 */
interface FixConnection {

    /** Writes and flushes one encoded message; the bytes are copied before returning. */
    void send(DirectBuffer buffer, int offset, int length);

    /** Closes the connection after what was sent is flushed; {@code reason} becomes the DISCONNECTED status. */
    void close(String reason);
}
