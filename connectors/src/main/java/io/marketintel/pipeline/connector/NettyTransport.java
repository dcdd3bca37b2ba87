package io.marketintel.pipeline.connector;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which Netty transport the sources' I/O threads use: the native epoll transport on Linux, where
 * its library loads, else the JDK's NIO. Native epoll makes no garbage per ready socket (the JDK
 * selector boxes every file descriptor above 127 into an {@code Integer} when it reports it ready:
 * ~10 bytes per message with 100 sources at 1,000 msg/s each) and fewer system calls per read.
 * {@code -Dpipeline.io=nio} chooses NIO anyway (a sandbox that forbids the library, a comparison).
 * Decided once per JVM; stateless and thread-safe.
 */
public final class NettyTransport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final boolean NATIVE = chooseNative();

    private NettyTransport() {
    }

    private static boolean chooseNative() {
        final boolean useNative = choose(System.getProperty("pipeline.io"), Epoll.isAvailable(),
                Epoll.unavailabilityCause());
        if (!useNative) {
            LOG.debug("sources on NIO (native epoll: {})", Epoll.isAvailable() ? "not chosen" : Epoll.unavailabilityCause());
        }
        return useNative;
    }

    /**
     * The choice for {@code -Dpipeline.io} ({@code null}, {@code auto}, {@code epoll} or {@code
     * nio}) where native epoll is {@code available} or not (for {@code cause}).
     *
     * @throws IllegalStateException for another value, or {@code epoll} where it does not load
     */
    static boolean choose(String property, boolean available, Throwable cause) {
        final String choice = property == null ? "auto" : property.toLowerCase(Locale.ROOT);
        switch (choice) {
            case "nio" -> {
                return false;
            }
            case "auto" -> {
                return available;
            }
            case "epoll" -> {
                if (!available) {
                    throw new IllegalStateException("-Dpipeline.io=epoll, but Netty's native epoll transport does not"
                            + " load here: " + cause + "; remove the option to use NIO");
                }
                return true;
            }
            default -> throw new IllegalStateException("-Dpipeline.io=" + property + ": expected auto, epoll or nio");
        }
    }

    /** True when the native epoll transport is in use. */
    public static boolean isNative() {
        return NATIVE;
    }

    /** For the sources' event loop group. */
    public static IoHandlerFactory ioHandlerFactory() {
        return NATIVE ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The client socket channel matching {@link #ioHandlerFactory()}. */
    public static Class<? extends SocketChannel> socketChannel() {
        return NATIVE ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
