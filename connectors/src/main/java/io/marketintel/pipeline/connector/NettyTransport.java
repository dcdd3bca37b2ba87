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
        final String choice = System.getProperty("pipeline.io", "auto").toLowerCase(Locale.ROOT);
        if (choice.equals("nio")) {
            return false;
        }
        if (!choice.equals("auto") && !choice.equals("epoll")) {
            throw new IllegalStateException("-Dpipeline.io=" + choice + ": expected auto, epoll or nio");
        }
        if (Epoll.isAvailable()) {
            return true;
        }
        if (choice.equals("epoll")) {
            throw new IllegalStateException("-Dpipeline.io=epoll, but Netty's native epoll transport does not load here: "
                    + Epoll.unavailabilityCause() + "; remove the option to use NIO");
        }
        LOG.debug("native epoll unavailable ({}); using NIO", String.valueOf(Epoll.unavailabilityCause()));
        return false;
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
