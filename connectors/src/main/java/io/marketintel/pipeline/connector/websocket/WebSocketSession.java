package io.marketintel.pipeline.connector.websocket;

import io.marketintel.pipeline.config.WebSocketOptions;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The venue-facing session of one WebSocket connection: sends the configured subscriptions in
 * order, once, paced by {@code subscribe_rate} where the venue limits requests, reports when they
 * are all out, and sends the application-level heartbeat every interval. Everything it scheduled
 * stops with the connection, or earlier at {@link #stop()} once our close frame is out (RFC 6455
 * section 5.5.1: no data frame after it), so a reconnect starts a fresh session and subscriptions
 * are never sent twice on one connection.
 *
 * <p>One instance per connection, used on the source's event loop only.
 */
final class WebSocketSession {
    private final Channel channel;
    private final List<String> subscriptions;
    private final WebSocketOptions options;
    private final Runnable onSubscribed;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> nextSubscription;
    private int sent;
    private boolean stopped;

    WebSocketSession(Channel channel, List<String> subscriptions, WebSocketOptions options, Runnable onSubscribed) {
        this.channel = channel;
        this.subscriptions = subscriptions;
        this.options = options;
        this.onSubscribed = onSubscribed;
        channel.closeFuture().addListener(f -> stop());
    }

    /** Called once, right after the upgrade. */
    void start() {
        if (stopped) {
            return;
        }
        if (!subscriptions.isEmpty()) {
            sendSubscriptions();
        }
        if (options.hasHeartbeat()) {
            final long intervalNs = options.heartbeatInterval().toNanos();
            final String text = options.heartbeatText().orElseThrow();
            heartbeat = channel.eventLoop().scheduleAtFixedRate(() -> {
                if (!stopped && channel.isActive()) {
                    channel.writeAndFlush(new TextWebSocketFrame(text));
                }
            }, intervalNs, intervalNs, TimeUnit.NANOSECONDS);
        }
    }

    /** Subscriptions sent so far on this connection. */
    int subscriptionsSent() {
        return sent;
    }

    private void sendSubscriptions() {
        if (stopped || !channel.isActive()) {
            return;
        }
        final int rate = options.subscribeRatePerSecond();
        if (rate == 0) {
            while (sent < subscriptions.size()) {
                channel.write(new TextWebSocketFrame(subscriptions.get(sent++)));
            }
            channel.flush();
        } else {
            channel.writeAndFlush(new TextWebSocketFrame(subscriptions.get(sent++)));
        }
        if (sent == subscriptions.size()) {
            onSubscribed.run();
        } else {
            nextSubscription = channel.eventLoop().schedule(this::sendSubscriptions,
                    TimeUnit.SECONDS.toNanos(1) / rate, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends nothing more: our close frame is out, or the connection is gone. Idempotent. */
    void stop() {
        stopped = true;
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (nextSubscription != null) {
            nextSubscription.cancel(false);
        }
    }
}
