package io.marketintel.pipeline.codec;

import org.agrona.DirectBuffer;

/**
 * Turns one framed message into zero or more canonical events, reading the frame's bytes in
 * place. One frame may yield several events (a batch of trades); each is handed to {@code
 * handler} in the reused {@code event} before the next one is decoded.
 *
 * <p>Implementations hold per-source scratch state: not thread-safe, one per source.
 */
public interface MessageDecoder {
    DecodeOutcome decode(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler);

    /** How this feed's book updates of one symbol link up ({@link BookUpdateChain#NONE} unless the venue says). */
    default BookUpdateChain bookUpdateChain() {
        return BookUpdateChain.NONE;
    }
}
