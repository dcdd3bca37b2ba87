package io.marketintel.pipeline;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.schema.v1.Envelope;

/**
 * One message of the aggregated stream, as the seed's {@code get_aggregated_data()} returns it:
 * the source id and the encoded canonical {@code Envelope}. Owns a copy of the bytes, so it is
 * safe to keep and share; {@link RealTimeDataPipeline#poll} is the zero-copy alternative.
 */
public record MarketData(String sourceId, byte[] protobufData) {

    /** Parses the envelope with the generated classes (allocates). */
    public Envelope envelope() {
        try {
            return Envelope.parseFrom(protobufData);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("envelope of source " + sourceId + " does not parse", e);
        }
    }
}
