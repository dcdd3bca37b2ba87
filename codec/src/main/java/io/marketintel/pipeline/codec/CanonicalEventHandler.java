package io.marketintel.pipeline.codec;

/** Receives each canonical event a decoder produces; called on the decoding thread. */
@FunctionalInterface
public interface CanonicalEventHandler {
    void onEvent(CanonicalEvent event);
}
