package io.marketintel.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DataSourceConfigTest {

    @Test
    void shouldNeverShowThePasswordInToString() {
        final DataSourceConfig config = DataSourceConfig.builder("fix_source_1", Protocol.FIX, "fix-1.example.com:8193")
                .credentials("user123", "s3cret-pass123").format("fix").build();
        assertThat(config.toString()).contains("user123").doesNotContain("s3cret-pass123");
        assertThat(config.credentials().orElseThrow().toString()).doesNotContain("s3cret-pass123");
        assertThat(config.credentials().orElseThrow().password()).isEqualTo("s3cret-pass123");
    }

    @Test
    void shouldListEveryProblemAtOnceNamingTheSource() {
        assertThatThrownBy(() -> DataSourceConfig.builder("bad id!", Protocol.TCP, "localhost")
                .bufferSize(10).reconnectInterval(Duration.ZERO).maxReconnectAttempts(-1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad id!")
                .hasMessageContaining("source_id:")
                .hasMessageContaining("endpoint: expected host:port, got \"localhost\"")
                .hasMessageContaining("buffer_size:")
                .hasMessageContaining("reconnect_interval:")
                .hasMessageContaining("max_reconnect_attempts:")
                .hasMessageContaining("json: a mapping is required");
    }

    @Test
    void shouldShowEndpointsWithoutUserInfoOrQueryValuesWhereKeysAndTokensGo() {
        assertThat(DataSourceConfig.displayEndpoint("wss://user:s3cret@stream.example.com:9443/ws?apiKey=k123&stream=a#f"))
                .isEqualTo("wss://stream.example.com:9443/ws?apiKey=***&stream=***");
        assertThat(DataSourceConfig.displayEndpoint("wss://ws.example.com?token")).isEqualTo("wss://ws.example.com?***");
        assertThat(DataSourceConfig.displayEndpoint("ws://127.0.0.1:9000/ws")).isEqualTo("ws://127.0.0.1:9000/ws");
        assertThat(DataSourceConfig.displayEndpoint("fix-1.example.com:8193")).isEqualTo("fix-1.example.com:8193");
        final DataSourceConfig config = DataSourceConfig.builder("ws_1", Protocol.WEBSOCKET,
                "wss://ws.example.com/v1?key=s3cret-key").format("binance").build();
        assertThat(config.toString()).doesNotContain("s3cret-key").contains("wss://ws.example.com/v1?key=***");
        assertThat(config.endpoint()).endsWith("s3cret-key");
    }

    @Test
    void shouldParseHostPortEndpointsIncludingIpv6() {
        assertThat(Endpoint.parseHostPort("127.0.0.1:9001")).contains(new Endpoint("127.0.0.1", 9001));
        assertThat(Endpoint.parseHostPort("[::1]:9001")).contains(new Endpoint("::1", 9001));
        assertThat(Endpoint.parseHostPort("localhost")).isEmpty();
        assertThat(Endpoint.parseHostPort("host:0")).isEmpty();
        assertThat(Endpoint.parseHostPort("host:70000")).isEmpty();
        assertThat(Endpoint.parseHostPort("::1:9001")).isEmpty();
    }
}
