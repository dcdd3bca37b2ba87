package io.marketintel.pipeline.source;

/**
 * What the {@link SourceLifecycle} asks of a transport (TCP, WebSocket, FIX ...). Both methods
 * are called on the source's own thread and must not block; outcomes come back through the
 * lifecycle's {@code on*} methods, on that same thread.
 */
public interface SourceTransport {

    /** Starts connecting; then calls {@code onConnected()} or {@code onConnectFailed(reason)}. */
    void connect();

    /** Closes the live connection, if any; its closing then calls {@code onDisconnected(reason)}. */
    void disconnect(String reason);
}
