package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.CanonicalEvent;
import io.marketintel.pipeline.codec.CanonicalEventHandler;
import io.marketintel.pipeline.codec.DecodeOutcome;
import io.marketintel.pipeline.codec.json.JsonToken;
import io.marketintel.pipeline.codec.json.JsonTokenizer;
import org.agrona.DirectBuffer;

/**
 * {@link BinanceSpotDecoder} reading frames as it did before its pull reads and its compact fast
 * path: every token through the base decoder's generic path tracking ({@code onStart}, {@code
 * onScalar}, {@code onEnd}), then the same interpretation ({@code finish}). Kept in the tests only
 * as the reference both readers are compared with, frame by frame, in {@link
 * BinanceSpotDecoderEquivalenceTest}.
 */
final class PathTrackingBinanceDecoder extends BinanceSpotDecoder {

    @Override
    protected DecodeOutcome decodeUsualShape(
            DirectBuffer buffer, int offset, int length, CanonicalEvent event, CanonicalEventHandler handler) {
        return null; // no fast path: every frame takes the general pass
    }

    @Override
    protected void readObject(JsonTokenizer json) {
        trackPaths(json);
    }

    @Override
    protected void onStart(int depth, boolean object) {
        // A combined stream wraps the raw payload one level down, under "data".
        if (depth == 2 && object && memberKey(2) == DATA) {
            payloadDepth = 2;
        } else if (!object && depth == payloadDepth + 2 && isLevelArray(depth - 1)) {
            levelPrice.clear();
            levelSize.clear();
        }
    }

    @Override
    protected void onEnd(int depth, boolean object) {
        if (!object && depth == payloadDepth + 2 && isLevelArray(depth - 1)) {
            addLevel(memberKey(depth - 1) == B, levelPrice, levelSize);
        }
    }

    @Override
    protected void onScalar(int depth, int key, JsonToken token) {
        if (depth == payloadDepth && key >= 0 && key < SLOTS) {
            capture(fields, 0, key, token);
        } else if ((key == CODE || key == MSG) && depth == 2 && memberKey(2) == ERROR) {
            capture(fields, 0, key, token);
        } else if (key == ELEMENT && depth == payloadDepth + 2 && isLevelArray(depth - 1)) {
            // [price, quantity] and, in old frames, a trailing ignored element.
            final int position = elementIndex(depth);
            if (position == 0) {
                levelValue(token, levelPrice);
            } else if (position == 1) {
                levelValue(token, levelSize);
            }
        }
    }

    private boolean isLevelArray(int depth) {
        return depth == payloadDepth + 1 && (memberKey(depth) == B || memberKey(depth) == A);
    }
}
