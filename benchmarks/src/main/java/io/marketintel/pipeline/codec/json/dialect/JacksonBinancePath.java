package io.marketintel.pipeline.codec.json.dialect;

import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.decimal;
import static io.marketintel.pipeline.codec.json.dialect.CanonicalEnvelopes.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.Side;
import io.marketintel.pipeline.schema.v1.Trade;
import java.io.IOException;
import java.util.List;

/**
 * The Jackson databind peer of {@link BinanceDecodeBenchmark}: the frame's bytes bound to a small
 * record per message type (the usual way to read a venue's JSON with Jackson, and faster than a
 * {@code JsonNode} tree for these messages), then the canonical envelope built with the generated
 * protobuf builders and serialised with {@code toByteArray()}. The message type is given by the
 * caller, not read from {@code "e"}: a small favour to this path.
 *
 * <p>Thread-safe (Jackson's {@code ObjectReader} is immutable); the benchmark uses one per thread.
 */
final class JacksonBinancePath {
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final ObjectReader trades = mapper.readerFor(TradeMessage.class);
    private final ObjectReader depthUpdates = mapper.readerFor(DepthUpdateMessage.class);

    byte[] trade(byte[] json, int offset, int length) throws IOException {
        final TradeMessage t = trades.readValue(json, offset, length);
        return envelope(0, t.tradeTime())
                .setTrade(Trade.newBuilder()
                        .setSymbol(t.symbol())
                        .setPrice(decimal(t.price()))
                        .setSize(decimal(t.quantity()))
                        // m: the buyer is the maker, so the seller was the aggressor.
                        .setAggressorSide(t.buyerIsMaker() ? Side.SIDE_SELL : Side.SIDE_BUY)
                        .setTradeId(Long.toString(t.tradeId())))
                .build()
                .toByteArray();
    }

    byte[] depthUpdate(byte[] json, int offset, int length) throws IOException {
        final DepthUpdateMessage d = depthUpdates.readValue(json, offset, length);
        final BookUpdate.Builder book = BookUpdate.newBuilder()
                .setSymbol(d.symbol())
                .setFirstUpdateId(d.firstUpdateId())
                .setLastUpdateId(d.finalUpdateId());
        for (List<String> level : d.bids()) {
            book.addBids(level(level));
        }
        for (List<String> level : d.asks()) {
            book.addAsks(level(level));
        }
        return envelope(d.finalUpdateId(), d.eventTime()).setBookUpdate(book).build().toByteArray();
    }

    private static PriceLevel level(List<String> priceAndQuantity) {
        return PriceLevel.newBuilder()
                .setPrice(decimal(priceAndQuantity.get(0)))
                .setSize(decimal(priceAndQuantity.get(1)))
                .build();
    }

    /** The fields of a trade the canonical Trade needs; the rest are skipped. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TradeMessage(
            @JsonProperty("s") String symbol,
            @JsonProperty("t") long tradeId,
            @JsonProperty("p") String price,
            @JsonProperty("q") String quantity,
            @JsonProperty("T") long tradeTime,
            @JsonProperty("m") boolean buyerIsMaker) {
    }

    /** A diff. depth update; each level is ["price", "quantity"]. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DepthUpdateMessage(
            @JsonProperty("E") long eventTime,
            @JsonProperty("s") String symbol,
            @JsonProperty("U") long firstUpdateId,
            @JsonProperty("u") long finalUpdateId,
            @JsonProperty("b") List<List<String>> bids,
            @JsonProperty("a") List<List<String>> asks) {
    }
}
