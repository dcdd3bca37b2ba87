package io.marketintel.pipeline.connector;

import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Points an Agrona view at a Netty buffer's memory without copying, so that codecs (which know
 * nothing of Netty) read the received bytes in place. Indices of the view equal the ByteBuf's.
 */
public final class ByteBufViews {
    private ByteBufViews() {
    }

    /** @return false if the buffer has neither an address nor an array (then copy it) */
    public static boolean wrap(UnsafeBuffer view, ByteBuf buf) {
        if (buf.hasMemoryAddress()) {
            view.wrap(buf.memoryAddress(), buf.capacity());
            return true;
        }
        if (buf.hasArray()) {
            view.wrap(buf.array(), buf.arrayOffset(), buf.capacity());
            return true;
        }
        return false;
    }
}
