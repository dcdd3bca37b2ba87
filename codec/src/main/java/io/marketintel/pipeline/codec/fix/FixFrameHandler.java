package io.marketintel.pipeline.codec.fix;

import org.agrona.DirectBuffer;

/**
 * Receives what a {@link FixFramer} makes of a byte stream: whole validated messages, skipped
 * garbled input, and the one fatal outcome, a header announcing an oversize body. Buffer views are
 * valid only during the call. Called on the framing thread; implementations need not be
 * thread-safe.
 */
public interface FixFrameHandler {

    /**
     * One validated message, from {@code 8=} to the SOH after {@code 10=ddd}.
     *
     * @return false to stop framing after this message (the rest stays unconsumed)
     */
    boolean onMessage(DirectBuffer buffer, int offset, int length);

    /**
     * Input that is being skipped; framing resumes at the next {@code 8=FIX}. The view is what was
     * examined, for diagnostics only: it may be incomplete.
     *
     * @return false to stop framing now
     */
    boolean onGarbled(FixGarbledReason reason, DirectBuffer buffer, int offset, int length);

    /**
     * A header declares a body longer than allowed. Fatal: the framer discards everything until
     * {@link FixFramer#reset()}; the caller is expected to close the connection.
     *
     * @param declaredBodyLength the BodyLength read so far (it may be only a prefix of the digits)
     */
    void onOversize(long declaredBodyLength);
}
