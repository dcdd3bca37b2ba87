package io.marketintel.pipeline.source;

import io.marketintel.pipeline.codec.FixFields;
import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.fix.FixMarketDataDecoder;
import io.marketintel.pipeline.codec.fix.FixMessageView;
import io.marketintel.pipeline.codec.json.JsonMappingDecoder;
import io.marketintel.pipeline.codec.json.dialect.VenueDialects;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.FixOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks the decoder of a source from its {@code format}: the generic JSON mapping, a venue dialect,
 * or FIX market data ({@code fix}, with FixMessage payloads when {@code fix.emit_raw_messages}). Stateless.
 */
public final class Decoders {
    public static final String JSON = "json";
    public static final List<String> FORMATS;

    static {
        final List<String> formats = new ArrayList<>();
        formats.add(JSON);
        formats.add(DataSourceConfig.FIX_FORMAT);
        formats.addAll(VenueDialects.FORMATS);
        FORMATS = List.copyOf(formats);
    }

    private Decoders() {
    }

    /**
     * How many fields the FixMessage payload of the source's events must hold: every field of the
     * largest message the FIX framer accepts when the source publishes FixMessages (a full-book
     * snapshot has thousands, and a message that does not fit is refused whole, market data and
     * all); otherwise the payload is unused and keeps its small default.
     */
    public static int maxFixFields(DataSourceConfig config) {
        return emitsFixMessages(config) ? FixMessageView.DEFAULT_MAX_FIELDS : FixFields.DEFAULT_MAX_FIELDS;
    }

    private static boolean emitsFixMessages(DataSourceConfig config) {
        return DataSourceConfig.FIX_FORMAT.equals(config.format())
                && config.fix().map(FixOptions::emitRawMessages).orElse(false);
    }

    /** @throws IllegalArgumentException naming the source and the known formats */
    public static MessageDecoder forSource(DataSourceConfig config) {
        if (JSON.equals(config.format())) {
            return new JsonMappingDecoder(config.jsonMapping().orElseThrow(() -> new IllegalArgumentException(
                    "source " + config.sourceId() + ": format json needs a json mapping (json: {trade: ..., quote: ...})")));
        }
        if (DataSourceConfig.FIX_FORMAT.equals(config.format())) {
            return new FixMarketDataDecoder(emitsFixMessages(config));
        }
        return VenueDialects.decoderFor(config.format()).orElseThrow(() -> new IllegalArgumentException(
                "source " + config.sourceId() + ": unknown format \"" + config.format() + "\"; known formats: "
                        + String.join(", ", FORMATS)));
    }
}
