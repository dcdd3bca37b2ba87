package io.marketintel.pipeline;

import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.fix.FixWrapResult;
import io.marketintel.pipeline.codec.json.JsonTokenizer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The seed's {@code ZeroCopyDeserializer}, as a thin documented facade over the codec module so
 * that the founding document's examples translate line by line (DESIGN.md section 4.1). It makes
 * no copies: {@link #deserializeFix} returns a {@link FixMessageView} flyweight over the given
 * bytes (typed reads, repeating groups), and {@link #deserializeWebsocket} a {@link JsonTokenizer}
 * positioned at the start of a WebSocket JSON text frame. The pipeline's own sources use the codec
 * directly; this class is for applications that hold raw messages of their own.
 *
 * <p>Each instance reuses one view and one tokenizer: what it returns is valid until the next
 * call and while the bytes are unchanged. Not thread-safe: one instance per thread.
 */
public final class ZeroCopyDeserializer {
    private final UnsafeBuffer fixBuffer = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer jsonBuffer = new UnsafeBuffer(0, 0);
    private final FixMessageView fixView = new FixMessageView();
    private final JsonTokenizer tokenizer = new JsonTokenizer();

    /**
     * A view over one whole FIX message ({@code 8=…} to {@code 10=ddd<SOH>}).
     *
     * @throws IllegalArgumentException when the bytes are not {@code tag=value<SOH>} fields
     */
    public FixMessageView deserializeFix(byte[] message) {
        fixBuffer.wrap(message);
        final FixWrapResult result = fixView.wrap(fixBuffer, 0, message.length);
        if (result != FixWrapResult.OK) {
            throw new IllegalArgumentException("not a FIX message (" + result + "): expected tag=value fields "
                    + "separated by SOH (0x01), " + message.length + " bytes given");
        }
        return fixView;
    }

    /** A tokenizer over one WebSocket JSON text frame (UTF-8), ready for its first token. */
    public JsonTokenizer deserializeWebsocket(byte[] frame) {
        jsonBuffer.wrap(frame);
        return tokenizer.reset(jsonBuffer, 0, frame.length);
    }
}
