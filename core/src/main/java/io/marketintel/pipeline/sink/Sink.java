package io.marketintel.pipeline.sink;

import org.agrona.DirectBuffer;

/**
 * A consumer of the encoded envelope stream: the journal, Kafka, the console, the in-process
 * API. The pipeline's dispatcher thread calls every method; a sink needs no locking of its own
 * for that, but must not block forever.
 *
 * <p>Backpressure: {@link #onEnvelope} returns false when the sink cannot take the envelope now;
 * the dispatcher then stops reading the hand-off and offers the same envelope again later, so
 * sources with the {@code block} policy stop reading their sockets. Nothing is lost.
 */
public interface Sink extends AutoCloseable {

    /** A short name for logs and metrics ({@code journal}). */
    String name();

    /**
     * Takes one encoded {@code Envelope}. The bytes are valid only during the call.
     *
     * @return false to be offered the same envelope again later
     */
    boolean onEnvelope(DirectBuffer buffer, int offset, int length);

    /** Called when the hand-off is empty: a chance to flush. Default: nothing. */
    default void onIdle() {
    }

    /** Makes everything accepted so far durable per the sink's policy. */
    void flush();

    /** Flushes and releases resources; called once, after the hand-off is drained. */
    @Override
    void close();
}
