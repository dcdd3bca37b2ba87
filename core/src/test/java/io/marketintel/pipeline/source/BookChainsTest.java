package io.marketintel.pipeline.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketintel.pipeline.codec.BookFields;
import io.marketintel.pipeline.codec.BookUpdateChain;
import io.marketintel.pipeline.codec.ByteSlice;
import org.junit.jupiter.api.Test;

class BookChainsTest {
    private final BookFields book = new BookFields(4);

    private BookFields update(String symbol, long first, long last) {
        book.symbol.wrap(ByteSlice.of(symbol));
        book.channel.clear();
        book.snapshot = false;
        book.firstUpdateId = first;
        book.lastUpdateId = last;
        return book;
    }

    private BookFields snapshot(String symbol, long first, long last) {
        update(symbol, first, last).snapshot = true;
        return book;
    }

    @Test
    void consecutiveIdsFollowWhenEachFirstIdIsThePreviousLastPlusOne() {
        final BookChains chains = new BookChains(BookUpdateChain.CONSECUTIVE);

        assertThat(chains.check(update("BTCUSDT", 100, 105))).isEqualTo(BookChains.FOLLOWS); // starts the chain
        assertThat(chains.check(update("BTCUSDT", 106, 106))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(update("BTCUSDT", 110, 112))).isEqualTo(107); // 107..109 lost
        assertThat(chains.check(update("BTCUSDT", 113, 120))).isEqualTo(BookChains.FOLLOWS); // on from the break
        assertThat(chains.check(update("BTCUSDT", 115, 125))).isEqualTo(121); // overlaps: not the next one either
    }

    @Test
    void linkedIdsFollowWhenEachFirstIdIsThePreviousLast() {
        final BookChains chains = new BookChains(BookUpdateChain.LINKED_SNAPSHOT_ON_SUBSCRIBE);

        assertThat(chains.check(snapshot("BTC-USDT", -1, 123456))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(update("BTC-USDT", 123456, 123460))).isEqualTo(BookChains.FOLLOWS);
        // OKX's keep-alive: no change, seqId equal to prevSeqId.
        assertThat(chains.check(update("BTC-USDT", 123460, 123460))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(update("BTC-USDT", 123470, 123480))).isEqualTo(123460);
        assertThat(chains.check(snapshot("BTC-USDT", -1, 200))).isEqualTo(BookChains.FOLLOWS); // a snapshot starts over
        assertThat(chains.check(update("BTC-USDT", 200, 201))).isEqualTo(BookChains.FOLLOWS);
    }

    @Test
    void eachSymbolHasItsOwnChainAndManySymbolsAreFollowed() {
        final BookChains chains = new BookChains(BookUpdateChain.CONSECUTIVE);
        for (int s = 0; s < 500; s++) {
            assertThat(chains.check(update("SYM" + s, 1_000 + s, 1_000 + s))).isEqualTo(BookChains.FOLLOWS);
        }
        for (int s = 0; s < 500; s++) {
            assertThat(chains.check(update("SYM" + s, 1_001 + s, 1_001 + s))).as("SYM" + s).isEqualTo(BookChains.FOLLOWS);
        }
        assertThat(chains.check(update("SYM7", 2_000, 2_000))).isEqualTo(1_009);
    }

    /** Two channels of one symbol (OKX books and bbo-tbt) each have their own ids: interleaved, neither breaks. */
    @Test
    void eachChannelOfASymbolHasItsOwnChain() {
        final BookChains chains = new BookChains(BookUpdateChain.LINKED_SNAPSHOT_ON_SUBSCRIBE);
        assertThat(chains.check(onChannel("books", snapshot("BTC-USDT", -1, 100)))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(onChannel("bbo-tbt", snapshot("BTC-USDT", -1, 102)))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(onChannel("books", update("BTC-USDT", 100, 103)))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(onChannel("books-l2-tbt", update("BTC-USDT", 500, 501)))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(onChannel("books", update("BTC-USDT", 103, 104)))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(onChannel("books-l2-tbt", update("BTC-USDT", 502, 503)))).isEqualTo(501);
        assertThat(chains.check(update("BTC-USDT", 7, 8))).as("no channel: a book of its own").isEqualTo(BookChains.FOLLOWS);
    }

    private BookFields onChannel(String channel, BookFields update) {
        update.channel.wrap(ByteSlice.of(channel));
        return update;
    }

    /**
     * A full table forgets the books not seen on the current connection (expired instruments)
     * rather than leaving new ones unchecked; only books all seen on it fill it for good.
     */
    @Test
    void aFullTableForgetsTheBooksNotSeenOnThisConnection() {
        final BookChains chains = new BookChains(BookUpdateChain.CONSECUTIVE, 4);
        for (int s = 0; s < 4; s++) {
            chains.check(update("OLD" + s, 10, 10));
        }
        chains.clear(); // a new connection: OLD1..OLD3 are not seen on it
        chains.check(update("OLD0", 50, 50));

        for (int s = 0; s < 3; s++) {
            chains.check(update("NEW" + s, 100, 100));
        }
        assertThat(chains.check(update("NEW0", 102, 102))).as("followed").isEqualTo(101);
        assertThat(chains.check(update("OLD0", 52, 52))).as("kept: seen on this connection").isEqualTo(51);

        // The table holds four, all seen on this connection: a fifth book is not followed, and says so.
        assertThat(chains.check(update("NEW3", 7, 7))).isEqualTo(BookChains.UNTRACKED);
        assertThat(chains.check(update("NEW3", 9, 9))).as("not followed").isEqualTo(BookChains.UNTRACKED);
    }

    @Test
    void clearStartsEveryChainOver() {
        final BookChains chains = new BookChains(BookUpdateChain.CONSECUTIVE);
        chains.check(update("BTCUSDT", 100, 105));

        chains.clear();

        assertThat(chains.check(update("BTCUSDT", 900, 901))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(update("BTCUSDT", 903, 903))).isEqualTo(902);
    }

    @Test
    void updatesWithoutIdsOrSymbolAreNotChecked() {
        final BookChains chains = new BookChains(BookUpdateChain.CONSECUTIVE);
        chains.check(update("BTCUSDT", 100, 105));

        assertThat(chains.check(update("BTCUSDT", 0, 0))).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(update("BTCUSDT", 0, 300))).isEqualTo(BookChains.FOLLOWS);
        book.symbol.clear();
        book.firstUpdateId = 5;
        book.lastUpdateId = 9;
        assertThat(chains.check(book)).isEqualTo(BookChains.FOLLOWS);
        assertThat(chains.check(update("BTCUSDT", 106, 107))).isEqualTo(BookChains.FOLLOWS);
    }
}
