package io.marketintel.pipeline.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void shouldChooseByTheOptionAndWhatLoads() {
        final Throwable cause = new UnsatisfiedLinkError("no libnetty_transport_native_epoll");
        assertThat(NettyTransport.choose(null, true, null)).isTrue();
        assertThat(NettyTransport.choose("auto", false, cause)).isFalse();
        assertThat(NettyTransport.choose("NIO", true, null)).isFalse();
        assertThat(NettyTransport.choose("epoll", true, null)).isTrue();
        assertThatThrownBy(() -> NettyTransport.choose("epoll", false, cause))
                .hasMessageContaining("does not load here").hasMessageContaining("no libnetty");
        assertThatThrownBy(() -> NettyTransport.choose("io_uring", true, null))
                .hasMessage("-Dpipeline.io=io_uring: expected auto, epoll or nio");
    }

    @Test
    void shouldUseNativeEpollWhereItLoadsUnlessNioIsAskedFor() {
        final boolean nioAskedFor = "nio".equals(System.getProperty("pipeline.io"));

        assertThat(NettyTransport.isNative()).isEqualTo(!nioAskedFor && Epoll.isAvailable());
        assertThat(NettyTransport.socketChannel())
                .isEqualTo(NettyTransport.isNative() ? EpollSocketChannel.class : NioSocketChannel.class);
    }
}
