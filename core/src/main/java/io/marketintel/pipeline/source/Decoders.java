package io.marketintel.pipeline.source;

import io.marketintel.pipeline.codec.MessageDecoder;
import io.marketintel.pipeline.codec.json.JsonMappingDecoder;
import io.marketintel.pipeline.config.DataSourceConfig;
import java.util.List;

/** Picks the decoder of a source from its {@code format}. Stateless. */
public final class Decoders {
    public static final List<String> FORMATS = List.of("json");

    private Decoders() {
    }

    /** @throws IllegalArgumentException naming the source and the known formats */
    public static MessageDecoder forSource(DataSourceConfig config) {
        if ("json".equals(config.format())) {
            return new JsonMappingDecoder(config.jsonMapping().orElseThrow(() -> new IllegalArgumentException(
                    "source " + config.sourceId() + ": format json needs a json mapping (json: {trade: ..., quote: ...})")));
        }
        throw new IllegalArgumentException("source " + config.sourceId() + ": unknown format \"" + config.format()
                + "\"; known formats: " + String.join(", ", FORMATS));
    }
}
