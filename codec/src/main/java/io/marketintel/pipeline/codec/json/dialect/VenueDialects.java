package io.marketintel.pipeline.codec.json.dialect;

import io.marketintel.pipeline.codec.MessageDecoder;
import java.util.List;
import java.util.Optional;

/**
 * The built-in venue dialects by their configuration name ({@code format:} of a source), so
 * that the source wiring and the config validator share one list. Each call makes a new decoder:
 * decoders hold per-source scratch state. Stateless and thread-safe.
 */
public final class VenueDialects {
    public static final String BINANCE = "binance";
    public static final String COINBASE = "coinbase";
    public static final String KRAKEN = "kraken";
    public static final String BITSTAMP = "bitstamp";
    public static final String OKX = "okx";

    /** Every built-in dialect name, in a stable order for messages and docs. */
    public static final List<String> FORMATS = List.of(BINANCE, COINBASE, KRAKEN, BITSTAMP, OKX);

    private VenueDialects() {
    }

    /** A new decoder for {@code format}, or empty if it names no built-in dialect. */
    public static Optional<MessageDecoder> decoderFor(String format) {
        if (format == null) {
            return Optional.empty();
        }
        return switch (format) {
            case BINANCE -> Optional.of(new BinanceSpotDecoder());
            case COINBASE -> Optional.of(new CoinbaseExchangeDecoder());
            case KRAKEN -> Optional.of(new KrakenV2Decoder());
            case BITSTAMP -> Optional.of(new BitstampV2Decoder());
            case OKX -> Optional.of(new OkxV5Decoder());
            default -> Optional.empty();
        };
    }
}
