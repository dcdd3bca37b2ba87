package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.decimal;
import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.envelope;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.ListValue;
import com.google.protobuf.util.JsonFormat;
import io.marketintel.pipeline.benchmarks.binance.BinanceDepthUpdate;
import io.marketintel.pipeline.benchmarks.binance.BinanceTrade;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.Trade;
import java.nio.charset.StandardCharsets;

/**
 * The protobuf {@code JsonFormat} peer of {@link BinanceDecodeBenchmark}: the venue's JSON parsed
 * into a venue-shaped generated message ({@code benchmarks/binance/spot_streams.proto}, whose
 * {@code json_name}s are Binance's keys), then mapped to the canonical envelope with the generated
 * builders and {@code toByteArray()}. {@code JsonFormat} reads text only, so the frame's bytes are
 * decoded to a {@code String} first, and that is counted. Unknown keys are ignored, as a venue
 * adds fields over time. The message type is given by the caller, as for the Jackson path.
 *
 * <p>Thread-safe ({@code JsonFormat.Parser} is immutable); the benchmark uses one per thread.
 */
final class JsonFormatBinancePath {
    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();

    byte[] trade(byte[] json, int offset, int length) throws InvalidProtocolBufferException {
        final BinanceTrade.Builder t = BinanceTrade.newBuilder();
        parser.merge(new String(json, offset, length, StandardCharsets.UTF_8), t);
        return envelope(0, t.getTradeTime())
                .setTrade(Trade.newBuilder()
                        .setSymbol(t.getSymbol())
                        .setPrice(decimal(t.getPrice()))
                        .setSize(decimal(t.getQuantity()))
                        // m: the buyer is the maker, so the seller was the aggressor.
                        .setAggressorSide(t.getBuyerIsMaker() ? Side.SIDE_SELL : Side.SIDE_BUY)
                        .setTradeId(Long.toString(t.getTradeId())))
                .build()
                .toByteArray();
    }

    byte[] depthUpdate(byte[] json, int offset, int length) throws InvalidProtocolBufferException {
        final BinanceDepthUpdate.Builder d = BinanceDepthUpdate.newBuilder();
        parser.merge(new String(json, offset, length, StandardCharsets.UTF_8), d);
        final BookUpdate.Builder book = BookUpdate.newBuilder()
                .setSymbol(d.getSymbol())
                .setFirstUpdateId(d.getFirstUpdateId())
                .setLastUpdateId(d.getFinalUpdateId());
        for (ListValue level : d.getBidsList()) {
            book.addBids(level(level));
        }
        for (ListValue level : d.getAsksList()) {
            book.addAsks(level(level));
        }
        return envelope(d.getFinalUpdateId(), d.getEventTime()).setBookUpdate(book).build().toByteArray();
    }

    private static PriceLevel level(ListValue priceAndQuantity) {
        return PriceLevel.newBuilder()
                .setPrice(decimal(priceAndQuantity.getValues(0).getStringValue()))
                .setSize(decimal(priceAndQuantity.getValues(1).getStringValue()))
                .build();
    }
}
