package io.marketintel.pipeline.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BookFieldsTest {
    @Test
    void shouldCountALevelParsedInPlaceOnlyOnceCommitted() {
        final BookFields book = new BookFields(2);
        book.nextBidPrice().set(16850, 0);
        book.nextBidSize().set(5, -1);
        assertThat(book.bidCount()).isZero();
        book.commitBid();
        book.nextAskPrice().set(16851, 0);
        book.nextAskSize().set(0, 0);
        book.commitAsk();
        assertThat(book.bidCount()).isEqualTo(1);
        assertThat(book.bidPrice(0).mantissa()).isEqualTo(16850);
        assertThat(book.bidSize(0).exponent()).isEqualTo(-1);
        assertThat(book.askCount()).isEqualTo(1);
        assertThat(book.askPrice(0).mantissa()).isEqualTo(16851);
    }

    @Test
    void shouldOfferNoNextLevelWhenTheSideIsFull() {
        final BookFields book = new BookFields(1);
        assertThat(book.addBid(new MutableDecimal().set(1, 0), new MutableDecimal().set(2, 0))).isTrue();
        assertThat(book.nextBidPrice()).isNull();
        assertThat(book.nextBidSize()).isNull();
        assertThat(book.nextAskPrice()).isNotNull();
    }
}
