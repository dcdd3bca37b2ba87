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
        assertThat(EndpointDisplay.of("wss://user:s3cret@stream.example.com:9443/ws?apiKey=k123&stream=a#f"))
                .isEqualTo("wss://stream.example.com:9443/ws?apiKey=***&stream=***");
        assertThat(EndpointDisplay.of("wss://ws.example.com?token")).isEqualTo("wss://ws.example.com?***");
        assertThat(EndpointDisplay.of("ws://127.0.0.1:9000/ws")).isEqualTo("ws://127.0.0.1:9000/ws");
        assertThat(EndpointDisplay.of("fix-1.example.com:8193")).isEqualTo("fix-1.example.com:8193");
        final DataSourceConfig config = DataSourceConfig.builder("ws_1", Protocol.WEBSOCKET,
                "wss://ws.example.com/v1?key=s3cret-key").format("binance").build();
        assertThat(config.toString()).doesNotContain("s3cret-key").contains("wss://ws.example.com/v1?key=***");
        assertThat(config.endpoint()).endsWith("s3cret-key");
    }

    @Test
    void shouldMaskPathSegmentsThatLookLikeTokens() {
        final String listenKey = "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a";
        assertThat(EndpointDisplay.of("wss://stream.binance.com:9443/ws/" + listenKey))
                .isEqualTo("wss://stream.binance.com:9443/ws/***");
        assertThat(EndpointDisplay.of("wss://ws.example.com/v1/123e4567-e89b-12d3-a456-426614174000/feed"))
                .isEqualTo("wss://ws.example.com/v1/***/feed");
        assertThat(EndpointDisplay.of("https://api.example.com/key/AKIA2E0A8F3B244C9986"))
                .isEqualTo("https://api.example.com/key/***");
    }

    @Test
    void shouldKeepMarketDataPathsReadable() {
        for (String url : new String[] {"wss://stream.binance.com:9443/ws/btcusdt@trade",
                "wss://stream.binance.com:9443/stream", "wss://ws-feed.exchange.coinbase.com/v2",
                "wss://ws.okx.com:8443/ws/v5/public", "wss://stream.data.alpaca.markets/v2/iex",
                "wss://ws.kraken.com/realtime", "ws://127.0.0.1:9000/", "wss://ws.example.com/ws/btcusdt@depth20@100ms",
                "wss://ws.example.com/market_data_feed_level_two"}) {
            assertThat(EndpointDisplay.of(url)).as(url).isEqualTo(url);
        }
    }

    @Test
    void shouldShowOnlyTheSchemeWhenAnUnencodedCharacterInThePasswordBreaksTheUrl() {
        assertThat(EndpointDisplay.of("wss://user:pa/ss@stream.example.com/x")).isEqualTo("wss://***");
        assertThat(EndpointDisplay.of("wss://u:p?ss@stream.example.com")).isEqualTo("wss://***");
        assertThat(EndpointDisplay.of("wss://u:p#ss@stream.example.com/ws")).isEqualTo("wss://***");
        assertThat(EndpointDisplay.of("wss:///no-host")).isEqualTo("wss://***");
        assertThat(EndpointDisplay.of("us er:pa/ss@host://x")).isEqualTo("***");
        // Encoded as the advice says, it parses and shows without the user info.
        assertThat(EndpointDisplay.of("wss://user:pa%2Fss@stream.example.com/x"))
                .isEqualTo("wss://stream.example.com/x");
    }

    /** A password of digits (or none) then an unencoded '/', '?' or '#' parses as a port and a path, query or fragment. */
    @Test
    void shouldShowOnlyTheSchemeWhenAPasswordOfDigitsWasCutIntoAPortAndAPath() {
        for (String url : new String[] {"wss://user:1234/rest@stream.example.com/ws",
                "wss://user:1234/rest@stream.example.com", "ws://user:1234/rest@localhost:9000/ws",
                "wss://user:1234/rest@stream.example.com:9443/ws?x=1", "wss://user:99/a/b@ws.example.io/feed",
                "wss://user:/s3cret@stream.example.com/ws", "wss://user:1234/a?b@stream.example.com/ws",
                "wss://user:1234?x@host.example.com", "wss://user:1234#x@host.example.com/ws",
                "wss://user:1234/x@10.0.0.5/ws", "ws://user:1234/x@[::1]:9000/ws", "wss://user:1234/x@my_host.internal"}) {
            assertThat(EndpointDisplay.of(url)).as(url).isEqualTo(url.substring(0, url.indexOf("://")) + "://***");
            assertThat(EndpointDisplay.invalidUrlAdvice(url)).as(url).contains("percent-encode").contains("/ as %2F");
        }
        // Paths with an '@' that venues use stay as they are.
        for (String url : new String[] {"wss://stream.binance.com:9443/ws/btcusdt@depth20@100ms",
                "wss://stream.binance.com:9443/ws/btcusdt@trade/ethusdt@trade", "ws://127.0.0.1:9000/ws/btc@v1.5",
                "ws://localhost:9000/ws/trade@BRK.B", "wss://ws.example.com/ws/user@example.com"}) {
            assertThat(EndpointDisplay.of(url)).as(url).isEqualTo(url);
            assertThat(EndpointDisplay.invalidUrlAdvice(url)).as(url).isEmpty();
        }
        // A combined stream's query keeps its usual form: the name, its value masked.
        assertThat(EndpointDisplay.of("wss://stream.binance.com:9443/stream?streams=btcusdt@trade/ethusdt@markPrice@1s"))
                .isEqualTo("wss://stream.binance.com:9443/stream?streams=***");
    }

    /** Taking a URL for a cut password changes how it is shown, never whether it is accepted. */
    @Test
    void shouldAcceptAUrlThatIsOnlyShownAsTheSchemeBecauseItLooksLikeACutPassword() {
        final String url = "wss://api.example.com:443/v1/accounts/alice@example.com/stream";
        final DataSourceConfig config = DataSourceConfig.builder("ws_1", Protocol.WEBSOCKET, url).format("binance").build();
        assertThat(config.endpoint()).isEqualTo(url);
        assertThat(config.toString()).contains("wss://***").doesNotContain("alice");
    }

    @Test
    void shouldShowIpv6HostsPortsAndQueriesAsBefore() {
        assertThat(EndpointDisplay.of("ws://u:secret@[::1]:9000/ws?token=abc"))
                .isEqualTo("ws://[::1]:9000/ws?token=***");
        assertThat(EndpointDisplay.of("wss://[2001:db8::7]/ws")).isEqualTo("wss://[2001:db8::7]/ws");
        assertThat(EndpointDisplay.of("wss://ws.example.com/ws?a=1&flag&b=&c=x=y"))
                .isEqualTo("wss://ws.example.com/ws?a=***&***&b=***&c=***");
        assertThat(EndpointDisplay.of("wss://ws.example.com/ws?")).isEqualTo("wss://ws.example.com/ws?***");
        assertThat(EndpointDisplay.of("wss://ws.example.com/ws#access_token=s3cret"))
                .isEqualTo("wss://ws.example.com/ws");
    }

    @Test
    void shouldShowHostPortEndpointsAsTheyAreButNeverTheirUserInfo() {
        assertThat(EndpointDisplay.of("fix-1.example.com:8193")).isEqualTo("fix-1.example.com:8193");
        assertThat(EndpointDisplay.of("127.0.0.1:9001")).isEqualTo("127.0.0.1:9001");
        assertThat(EndpointDisplay.of("[::1]:9001")).isEqualTo("[::1]:9001");
        assertThat(EndpointDisplay.of("user:p@ss@fix-1.example.com:8193")).isEqualTo("***@fix-1.example.com:8193");
        assertThat(EndpointDisplay.of("localhost")).isEqualTo("localhost");
    }

    /** A URL whose scheme was forgotten or mistyped: nothing past its host can be told safe. */
    @Test
    void shouldShowOnlyTheHostOfAUrlWithoutItsScheme() {
        final String listenKey = "pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a";
        assertThat(EndpointDisplay.of("stream.binance.com:9443/ws/" + listenKey)).isEqualTo("stream.binance.com:9443/***");
        assertThat(EndpointDisplay.of("wss:/ws.example.com/v1?apiKey=SECRET")).isEqualTo("wss:/***");
        assertThat(EndpointDisplay.of("user:pw@host/ws?apiKey=SECRET")).isEqualTo("***@host/***");
        assertThat(EndpointDisplay.of("user:pa/ss@host:8193")).isEqualTo("***@host:8193");
        assertThat(EndpointDisplay.of("ws.example.com?token=SECRET")).isEqualTo("ws.example.com/***");
    }

    @Test
    void shouldHideMatrixParametersAndTokensWithColonsInAPath() {
        assertThat(EndpointDisplay.of("wss://ws.example.com/ws;token=abc123/feed")).isEqualTo("wss://ws.example.com/ws;***/feed");
        assertThat(EndpointDisplay.of("wss://ws.example.com/key:S3CRET0123456789abcdef/x"))
                .isEqualTo("wss://ws.example.com/***/x");
    }

    @Test
    void shouldNotQuoteThePasswordOfAnEndpointItRefuses() {
        for (String endpoint : new String[] {"wss://trader:pa/ss-s3cret@stream.example.com/ws",
                "wss://trader:pa?ss-s3cret@stream.example.com", "wss://trader:pa#ss-s3cret@stream.example.com"}) {
            assertThatThrownBy(() -> DataSourceConfig.builder("ws_1", Protocol.WEBSOCKET, endpoint).build())
                    .as(endpoint)
                    .hasMessageContaining("endpoint: expected a ws:// or wss:// URL with a host, got \"wss://***\"")
                    .hasMessageContaining("percent-encode reserved characters such as / ? # @ in the user name or password")
                    .hasMessageNotContaining("ss-s3cret").hasMessageNotContaining("trader")
                    .hasMessageNotContaining("stream.example.com")
                    .message().doesNotContain("; ");
        }
        assertThatThrownBy(() -> DataSourceConfig.builder("tcp_1", Protocol.TCP, "tcp://trader:s3cret@feed.example.com:9001")
                .build())
                .hasMessageContaining("endpoint: expected host:port, got \"tcp://feed.example.com:9001\"")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> DataSourceConfig.builder("ws_1", Protocol.WEBSOCKET, "wss://host name/ws").build())
                .hasMessageContaining("got \"wss://***\" (the rest is hidden as it does not parse");
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
