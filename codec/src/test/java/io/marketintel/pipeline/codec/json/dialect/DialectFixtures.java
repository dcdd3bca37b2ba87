package io.marketintel.pipeline.codec.json.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.codec.ByteSlice;
import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.EnvelopeWriter;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.schema.v1.Trade;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Test support: fixture loading, decoding into envelopes through the real writer, and builders. */
final class DialectFixtures {
    static final String SOURCE_ID = "src";

    private DialectFixtures() {
    }

    static byte[] fixture(String path) {
        try (InputStream in = DialectFixtures.class.getResourceAsStream("/fixtures/" + path)) {
            assertThat(in).as("fixture " + path).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The outcome of decoding {@code frame} and every envelope the events encode to, in order. */
    record Decoded(DecodeOutcome outcome, List<Envelope> envelopes) {
    }

    static Decoded decode(MessageDecoder decoder, byte[] frame) {
        return decode(decoder, frame, (byte) '}');
    }

    /** As {@link #decode(MessageDecoder, byte[])}, with the bytes around the frame all {@code junk}. */
    static Decoded decode(MessageDecoder decoder, byte[] frame, byte junk) {
        // The frame sits mid-buffer between junk, as in a pooled receive buffer.
        final byte[] bytes = new byte[frame.length + 32];
        java.util.Arrays.fill(bytes, junk);
        System.arraycopy(frame, 0, bytes, 11, frame.length);
        return decode(decoder, new UnsafeBuffer(bytes), 11, frame.length);
    }

    /**
     * As {@link #decode(MessageDecoder, byte[])}, from an array that is exactly the frame: a read
     * past the frame's end leaves the array, which the tests' checked reads turn into an exception.
     */
    static Decoded decodeExactArray(MessageDecoder decoder, byte[] frame) {
        return decode(decoder, new UnsafeBuffer(frame.clone()), 0, frame.length);
    }

    /**
     * As {@link #decode(MessageDecoder, byte[])} from off-heap memory, as a pooled direct receive
     * buffer holds a frame, through a view whose capacity ends with the frame: the memory after
     * it is more {@code junk}, so a read that looked past the view's end would see it.
     */
    static Decoded decodeOffHeap(MessageDecoder decoder, byte[] frame, byte junk) {
        final java.nio.ByteBuffer memory = java.nio.ByteBuffer.allocateDirect(11 + frame.length + 16);
        final UnsafeBuffer whole = new UnsafeBuffer(memory);
        whole.setMemory(0, whole.capacity(), junk);
        whole.putBytes(11, frame);
        return decode(decoder, new UnsafeBuffer(memory, 0, 11 + frame.length), 11, frame.length);
    }

    private static Decoded decode(MessageDecoder decoder, UnsafeBuffer buffer, int offset, int frameLength) {
        final EnvelopeWriter writer = new EnvelopeWriter();
        final ByteSlice sourceId = ByteSlice.of(SOURCE_ID);
        final List<Envelope> envelopes = new ArrayList<>();
        final CanonicalEvent event = new CanonicalEvent();
        final DecodeOutcome outcome = decoder.decode(buffer, offset, frameLength, event, e -> {
            final ExpandableArrayBuffer out = new ExpandableArrayBuffer(4096);
            final int length = writer.write(out, 0, sourceId, envelopes.size() + 1, 0, 0, e);
            final byte[] encoded = new byte[length];
            out.getBytes(0, encoded);
            try {
                envelopes.add(Envelope.parseFrom(encoded));
            } catch (InvalidProtocolBufferException ex) {
                throw new AssertionError("writer produced an unparseable envelope", ex);
            }
        });
        return new Decoded(outcome, envelopes);
    }

    static Decimal dec(long mantissa, int exponent) {
        return Decimal.newBuilder().setMantissa(mantissa).setExponent(exponent).build();
    }

    static PriceLevel level(long priceMantissa, int priceExponent, long sizeMantissa, int sizeExponent) {
        return PriceLevel.newBuilder().setPrice(dec(priceMantissa, priceExponent))
                .setSize(dec(sizeMantissa, sizeExponent)).build();
    }

    static Envelope.Builder envelope(int ingestSeq, long sourceSeq, long exchangeTimeNs) {
        return Envelope.newBuilder().setSourceId(SOURCE_ID).setIngestSeq(ingestSeq)
                .setSourceSeq(sourceSeq).setExchangeTimeNs(exchangeTimeNs);
    }

    static Trade trade(String symbol, Decimal price, Decimal size, Side side, String tradeId) {
        return Trade.newBuilder().setSymbol(symbol).setPrice(price).setSize(size)
                .setAggressorSide(side).setTradeId(tradeId).build();
    }

    static BookUpdate.Builder book(String symbol, boolean snapshot) {
        return BookUpdate.newBuilder().setSymbol(symbol).setSnapshot(snapshot);
    }

    static Envelope venueError(String reason) {
        return envelope(1, 0, 0).setStatus(StreamStatus.newBuilder()
                .setState(StreamStatus.State.VENUE_ERROR).setReason(reason)).build();
    }

    /** The frame decodes to DATA and exactly these envelopes. */
    static void assertData(MessageDecoder decoder, byte[] frame, Envelope... expected) {
        final Decoded decoded = decode(decoder, frame);
        assertThat(decoded.outcome()).isEqualTo(DecodeOutcome.DATA);
        assertThat(decoded.envelopes()).containsExactly(expected);
    }

    /** The frame decodes to {@code outcome} and publishes nothing. */
    static void assertOutcome(MessageDecoder decoder, byte[] frame, DecodeOutcome outcome) {
        final Decoded decoded = decode(decoder, frame);
        assertThat(decoded.outcome()).isEqualTo(outcome);
        assertThat(decoded.envelopes()).isEmpty();
    }
}
