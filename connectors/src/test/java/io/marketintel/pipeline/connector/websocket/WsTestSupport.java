package io.marketintel.pipeline.connector.websocket;

import com.google.protobuf.InvalidProtocolBufferException;
import io.marketintel.pipeline.RealTimeDataPipeline;
import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.source.Source;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/** Test helpers for WebSocket sources: a pipeline on them, envelopes read back, statuses. */
final class WsTestSupport {
    static final Duration WAIT = Duration.ofSeconds(30);

    private WsTestSupport() {
    }

    static DataSourceConfig.Builder source(String id, String endpoint) {
        return DataSourceConfig.builder(id, Protocol.WEBSOCKET, endpoint).format("binance")
                .reconnectInterval(Duration.ofMillis(50)).reconnectMaxInterval(Duration.ofMillis(200));
    }

    static RealTimeDataPipeline pipeline() {
        return RealTimeDataPipeline.builder().metricsLogInterval(Duration.ZERO).tickInterval(Duration.ofMillis(10))
                .build();
    }

    static Envelope parse(org.agrona.DirectBuffer buffer, int offset, int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        try {
            return Envelope.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("envelope does not parse", e);
        }
    }

    /** Appends what the in-process consumer has now; returns how many. */
    static int drain(RealTimeDataPipeline pipeline, List<Envelope> into) {
        int total = 0;
        int n;
        while ((n = pipeline.poll((id, buffer, offset, length) -> into.add(parse(buffer, offset, length)), 1_000)) > 0) {
            total += n;
        }
        return total;
    }

    /** Consumes in a tight loop until {@code done} holds; fails after {@link #WAIT}. */
    static void consumeUntil(RealTimeDataPipeline pipeline, List<Envelope> into, BooleanSupplier done) {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        while (!done.getAsBoolean()) {
            if (drain(pipeline, into) == 0) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("condition not met within " + WAIT + " after " + into.size()
                            + " envelopes; last statuses: " + last(statuses(into), 6));
                }
                java.util.concurrent.locks.LockSupport.parkNanos(200_000);
            }
        }
    }

    static <T> List<T> last(List<T> all, int n) {
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    static List<Envelope> data(List<Envelope> all) {
        return all.stream().filter(e -> !e.hasStatus()).collect(Collectors.toList());
    }

    static List<StreamStatus.State> states(List<Envelope> all) {
        return all.stream().filter(Envelope::hasStatus).map(e -> e.getStatus().getState()).collect(Collectors.toList());
    }

    static List<String> statuses(List<Envelope> all) {
        final List<String> out = new ArrayList<>();
        for (Envelope e : all) {
            if (e.hasStatus()) {
                out.add(e.getStatus().getState() + ": " + e.getStatus().getReason());
            }
        }
        return out;
    }

    static long count(List<Envelope> all, StreamStatus.State state) {
        return states(all).stream().filter(s -> s == state).count();
    }

    static BigDecimal dec(Decimal d) {
        return BigDecimal.valueOf(d.getMantissa(), -d.getExponent());
    }

    static WebSocketSource wsSource(RealTimeDataPipeline pipeline, String id) {
        return (WebSocketSource) (Source) pipeline.receivers().get(id);
    }
}
