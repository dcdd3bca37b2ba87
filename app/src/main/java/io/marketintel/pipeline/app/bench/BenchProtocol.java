package io.marketintel.pipeline.app.bench;

import java.util.Locale;
import java.util.Optional;

/**
 * What {@code pipeline bench} feeds the pipeline with: newline-delimited JSON over TCP from blast
 * venues (replaying pre-rendered messages), Binance-format WebSocket from simulated Binance
 * venues (trades and depth updates, replayed; permessage-deflate only when asked for), or FIX 4.4
 * incremental refreshes from simulated FIX venues (logon with credentials, one subscription, the
 * refreshes pre-rendered and replayed).
 */
public enum BenchProtocol {
    TCP,
    WEBSOCKET,
    FIX;

    /** The protocol named as on the command line ({@code tcp}, {@code websocket}, {@code fix}). */
    public static Optional<BenchProtocol> parse(String name) {
        for (BenchProtocol p : values()) {
            if (p.name().equalsIgnoreCase(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** As written on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
