package io.marketintel.pipeline;

import org.agrona.DirectBuffer;

/**
 * Receives envelopes from {@link RealTimeDataPipeline#poll}: a view over the encoded bytes,
 * valid only during the call (copy what you keep). Called on the polling thread.
 */
@FunctionalInterface
public interface MarketDataHandler {
    void onMessage(String sourceId, DirectBuffer buffer, int offset, int length);
}
