package io.marketintel.pipeline;

import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.fix.FixMarketDataDecoder;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.json.dialect.VenueDialects;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The seed's {@code ProtobufConverter}, as a thin documented facade over the codec module
 * (DESIGN.md section 4.1): {@code convertToProtobuf("fix_message", bytes)} decodes one FIX
 * message with the FIX market-data decoder (snapshots and incremental refreshes become {@code
 * BookUpdate}/{@code Trade}, and every application message also a {@code FixMessage} with all its
 * fields in order); {@code convertToProtobuf("market_data", bytes)} decodes one WebSocket JSON
 * message of the venue dialect given to the constructor. Each result is one encoded canonical
 * {@code Envelope} (parse with {@code Envelope.parseFrom}); a message may give several or none.
 *
 * <p>Unlike the pipeline's hot path this copies each envelope into its own array: it is for
 * applications converting messages they hold. Not thread-safe: one instance per thread.
 */
public final class ProtobufConverter {
    public static final String FIX_MESSAGE = "fix_message";
    public static final String MARKET_DATA = "market_data";

    private final ByteSlice sourceId;
    private final MessageDecoder fixDecoder = new FixMarketDataDecoder(true);
    private final MessageDecoder marketDataDecoder;
    // Its FixMessage payload holds every field of the largest message the FIX decoder reads.
    private final CanonicalEvent event = new CanonicalEvent(BookFields.DEFAULT_MAX_LEVELS, FixMessageView.DEFAULT_MAX_FIELDS);
    private final EnvelopeWriter writer = new EnvelopeWriter();
    private final ExpandableDirectByteBuffer out = new ExpandableDirectByteBuffer(4096);
    private final UnsafeBuffer in = new UnsafeBuffer(0, 0);
    private long ingestSeq;

    /** A converter for FIX messages and for WebSocket JSON in the {@code binance} dialect. */
    public ProtobufConverter(String sourceId) {
        this(sourceId, VenueDialects.BINANCE);
    }

    /**
     * @param jsonFormat the dialect of {@code market_data} messages, one of {@link VenueDialects#FORMATS}
     * @throws IllegalArgumentException for an unknown dialect, listing the known ones
     */
    public ProtobufConverter(String sourceId, String jsonFormat) {
        this.sourceId = ByteSlice.of(sourceId);
        this.marketDataDecoder = VenueDialects.decoderFor(jsonFormat).orElseThrow(() -> new IllegalArgumentException(
                "unknown market_data format \"" + jsonFormat + "\"; known: " + String.join(", ", VenueDialects.FORMATS)));
    }

    /**
     * @param type {@code "fix_message"} or {@code "market_data"}
     * @return the encoded envelopes, in order (empty for a message with no canonical content)
     * @throws IllegalArgumentException for an unknown type or a message that does not decode
     */
    public List<byte[]> convertToProtobuf(String type, byte[] message) {
        final MessageDecoder decoder = switch (type) {
            case FIX_MESSAGE -> fixDecoder;
            case MARKET_DATA -> marketDataDecoder;
            default -> throw new IllegalArgumentException(
                    "unknown message type \"" + type + "\"; expected " + FIX_MESSAGE + " or " + MARKET_DATA);
        };
        in.wrap(message);
        final List<byte[]> envelopes = new ArrayList<>();
        final long now = System.currentTimeMillis() * 1_000_000L;
        final DecodeOutcome outcome = decoder.decode(in, 0, message.length, event, decoded -> {
            final int length = writer.write(out, 0, sourceId, ++ingestSeq, now, now, decoded);
            final byte[] bytes = new byte[length];
            out.getBytes(0, bytes);
            envelopes.add(bytes);
        });
        if (outcome == DecodeOutcome.MALFORMED) {
            throw new IllegalArgumentException("the " + type + " message does not decode (" + message.length + " bytes)");
        }
        return envelopes;
    }
}
