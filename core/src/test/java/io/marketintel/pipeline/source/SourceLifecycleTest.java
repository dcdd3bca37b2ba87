package io.marketintel.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.config.DataSourceConfig;
import io.marketintel.pipeline.config.Protocol;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import io.marketintel.pipeline.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceLifecycleTest {
    private final ManualClock clock = new ManualClock();
    private final List<String> statuses = new ArrayList<>();
    private final List<String> transportCalls = new ArrayList<>();

    private SourceLifecycle lifecycle(DataSourceConfig.Builder config) {
        final DataSourceConfig c = config.build();
        final SourceLifecycle lifecycle = new SourceLifecycle(c, clock,
                new Backoff(c.reconnectInterval(), c.reconnectMaxInterval(), bound -> bound - 1),
                (state, reason, expected, received, count) -> statuses.add(state + (count != 0 ? "#" + count : "")));
        lifecycle.transport(new SourceTransport() {
            @Override
            public void connect() {
                transportCalls.add("connect");
            }

            @Override
            public void disconnect(String reason) {
                transportCalls.add("disconnect:" + reason);
            }
        });
        return lifecycle;
    }

    private static DataSourceConfig.Builder config() {
        return DataSourceConfig.builder("s1", Protocol.TCP, "127.0.0.1:9").jsonMapping(null).format("raw")
                .reconnectInterval(Duration.ofSeconds(1)).reconnectMaxInterval(Duration.ofSeconds(8));
    }

    @Test
    void shouldBackOffExponentiallyOnTheInjectedClockAndStartOverOnceAConnectionShowsData() {
        final SourceLifecycle l = lifecycle(config());
        l.start();
        l.onConnectFailed("refused");
        assertThat(l.state()).isEqualTo(SourceState.BACKOFF);
        assertThat(l.nextAttemptAtNs() - clock.nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());

        clock.advance(Duration.ofMillis(999));
        l.tick();
        assertThat(transportCalls).containsExactly("connect");
        clock.advance(Duration.ofMillis(1));
        l.tick();
        assertThat(transportCalls).containsExactly("connect", "connect");
        assertThat(l.state()).isEqualTo(SourceState.CONNECTING);

        l.onConnectFailed("refused again");
        assertThat(l.nextAttemptAtNs() - clock.nanoTime()).isEqualTo(Duration.ofSeconds(2).toNanos());
        clock.advance(Duration.ofSeconds(2));
        l.tick();
        l.onConnected("up");
        assertThat(l.failedAttempts()).as("connected, no data yet").isEqualTo(2);
        l.onData();
        l.tick();
        assertThat(l.failedAttempts()).isZero();

        l.onDisconnected("peer closed");
        assertThat(l.nextAttemptAtNs() - clock.nanoTime()).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(statuses).containsExactly("CONNECTING#1", "DISCONNECTED", "BACKOFF#1", "CONNECTING#2", "DISCONNECTED",
                "BACKOFF#2", "CONNECTING#3", "CONNECTED", "DISCONNECTED", "BACKOFF#1");
    }

    @Test
    void shouldKeepBackingOffFromAVenueThatAcceptsEveryConnectionAndDropsItBeforeAnyData() {
        final SourceLifecycle l = lifecycle(config().maxReconnectAttempts(3));
        l.start();
        for (int attempt = 1; attempt <= 3; attempt++) {
            l.onData(); // data of the previous connection, seen by no tick, must not count for this one
            l.onConnected("up");
            l.tick();
            l.onDisconnected("venue closed at once");
            assertThat(l.nextAttemptAtNs() - clock.nanoTime()).isEqualTo(Duration.ofSeconds(1L << (attempt - 1)).toNanos());
            clock.advance(Duration.ofSeconds(8));
            l.tick();
        }
        l.onConnected("up");
        l.onDisconnected("venue closed at once");
        assertThat(l.state()).isEqualTo(SourceState.FAILED);
        assertThat(statuses).last().isEqualTo("FAILED#3");
    }

    @Test
    void shouldTellConsumersAGapMayExistAfterAReconnect() {
        final SourceLifecycle l = lifecycle(config());
        l.start();
        l.onConnected("up");
        l.onDisconnected("peer closed");
        clock.advance(Duration.ofSeconds(1));
        l.tick();
        l.onConnected("up again");
        assertThat(statuses).endsWith("CONNECTING#2", "CONNECTED", "GAP_DETECTED");
        assertThat(l.reconnects()).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAfterMaxReconnectAttempts() {
        final SourceLifecycle l = lifecycle(config().maxReconnectAttempts(2));
        l.start();
        l.onConnectFailed("refused");
        clock.advance(Duration.ofSeconds(1));
        l.tick();
        l.onConnectFailed("refused");
        clock.advance(Duration.ofSeconds(2));
        l.tick();
        l.onConnectFailed("refused");
        assertThat(l.state()).isEqualTo(SourceState.FAILED);
        clock.advance(Duration.ofHours(1));
        l.tick();
        assertThat(transportCalls).hasSize(3);
        assertThat(statuses).last().isEqualTo("FAILED#2");
    }

    @Test
    void shouldGoStaleAndDisconnectAfterSilence() {
        final SourceLifecycle l = lifecycle(config().staleTimeout(Duration.ofSeconds(5)));
        l.start();
        l.onConnected("up");
        clock.advance(Duration.ofSeconds(4));
        l.onData();
        l.tick();
        clock.advance(Duration.ofSeconds(4));
        l.tick();
        assertThat(l.state()).isEqualTo(SourceState.CONNECTED);
        clock.advance(Duration.ofSeconds(1));
        l.tick();
        assertThat(l.state()).isEqualTo(SourceState.STALE);
        assertThat(transportCalls).last().asString().startsWith("disconnect:stale");
        l.onDisconnected("closed after stale");
        assertThat(l.state()).isEqualTo(SourceState.BACKOFF);
    }

    @Test
    void shouldNotMeasureSilenceWhileBackpressureHasStoppedTheReads() {
        final SourceLifecycle l = lifecycle(config().staleTimeout(Duration.ofSeconds(5)));
        l.start();
        l.onConnected("up");
        l.onReadsPaused();
        clock.advance(Duration.ofSeconds(30));
        l.tick();
        assertThat(l.state()).as("a slow consumer, not a silent venue").isEqualTo(SourceState.CONNECTED);

        l.onReadsResumed();
        clock.advance(Duration.ofSeconds(4));
        l.tick();
        assertThat(l.state()).as("silence is measured from the resume").isEqualTo(SourceState.CONNECTED);
        clock.advance(Duration.ofSeconds(5));
        l.tick();
        assertThat(l.state()).isEqualTo(SourceState.STALE);
    }

    @Test
    void shouldIgnoreLateEventsAfterStop() {
        final SourceLifecycle l = lifecycle(config());
        l.start();
        l.onConnected("up");
        l.stop("shutdown");
        l.onDisconnected("closed");
        clock.advance(Duration.ofHours(1));
        l.tick();
        assertThat(l.state()).isEqualTo(SourceState.STOPPED);
        assertThat(statuses).last().isEqualTo(StreamStatus.State.STOPPED.name());
        assertThat(l.firstOutcome()).isCompletedWithValue(SourceState.CONNECTED);
    }
}
