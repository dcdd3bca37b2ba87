package io.marketintel.pipeline.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.junit.jupiter.api.Test;

/**
 * Native epoll wherever it loads, NIO when asked for ({@code -Dpipeline.io=nio}: the connectors'
 * second test run) or where it does not.
 */
class NettyTransportTest {

    @Test
    void shouldUseNativeEpollWhereItLoadsUnlessNioIsAskedFor() {
        final boolean nioAskedFor = "nio".equals(System.getProperty("pipeline.io"));

        assertThat(NettyTransport.isNative()).isEqualTo(!nioAskedFor && Epoll.isAvailable());
        assertThat(NettyTransport.socketChannel())
                .isEqualTo(NettyTransport.isNative() ? EpollSocketChannel.class : NioSocketChannel.class);
    }
}
