package io.marketintel.pipeline.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The transport of a source, as named in configuration ({@code protocol: websocket}). */
public enum Protocol {
    WEBSOCKET, FIX, TCP, UDP, REST, MQTT, GRPC;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Protocol> fromConfigName(String name) {
        return Arrays.stream(values()).filter(p -> p.configName().equals(name)).findFirst();
    }
}
