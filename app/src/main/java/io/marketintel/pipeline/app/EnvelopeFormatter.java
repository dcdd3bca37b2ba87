package io.marketintel.pipeline.app;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.marketintel.pipeline.schema.v1.BookUpdate;
import io.marketintel.pipeline.schema.v1.Decimal;
import io.marketintel.pipeline.schema.v1.Envelope;
import io.marketintel.pipeline.schema.v1.PriceLevel;
import io.marketintel.pipeline.schema.v1.StreamStatus;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * Renders envelopes for people and tools: one line of text each, or protobuf's canonical JSON
 * mapping (one object per line). Used by {@code tail}. Thread-safe.
 */
final class EnvelopeFormatter {
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private EnvelopeFormatter() {
    }

    static String json(Envelope envelope) {
        try {
            return JSON.print(envelope);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("envelope cannot be printed as JSON", e);
        }
    }

    static String text(Envelope e) {
        final StringBuilder line = new StringBuilder(160)
                .append(Instant.ofEpochSecond(0, e.getReceiveTimeNs())).append(' ')
                .append(e.getSourceId()).append(" #").append(e.getIngestSeq());
        if (e.getSourceSeq() != 0) {
            line.append(" seq=").append(e.getSourceSeq());
        }
        line.append(' ');
        switch (e.getPayloadCase()) {
            case TRADE -> line.append("TRADE ").append(e.getTrade().getSymbol()).append(' ')
                    .append(dec(e.getTrade().getPrice())).append(" x ").append(dec(e.getTrade().getSize()))
                    .append(' ').append(side(e.getTrade().getAggressorSide()))
                    .append(e.getTrade().getTradeId().isEmpty() ? "" : " id=" + e.getTrade().getTradeId());
            case QUOTE -> line.append("QUOTE ").append(e.getQuote().getSymbol()).append(' ')
                    .append(e.getQuote().hasBidPrice() ? dec(e.getQuote().getBidSize()) + " @ " + dec(e.getQuote().getBidPrice()) : "-")
                    .append(" / ")
                    .append(e.getQuote().hasAskPrice() ? dec(e.getQuote().getAskSize()) + " @ " + dec(e.getQuote().getAskPrice()) : "-");
            case BOOK_UPDATE -> line.append(book(e.getBookUpdate()));
            case TICKER -> line.append("TICKER ").append(e.getTicker().getSymbol()).append(" last=")
                    .append(dec(e.getTicker().getLastPrice()));
            case FIX_MESSAGE -> line.append("FIX 35=").append(e.getFixMessage().getMsgType()).append(' ')
                    .append(e.getFixMessage().getFieldsList().stream()
                            .map(f -> f.getTag() + "=" + f.getValue().toString(StandardCharsets.ISO_8859_1))
                            .collect(Collectors.joining("|")));
            case STATUS -> line.append(status(e.getStatus()));
            case RAW -> line.append("RAW ").append(e.getRaw().getFormat()).append(' ')
                    .append(printable(e.getRaw().getData().toString(StandardCharsets.UTF_8)));
            case PAYLOAD_NOT_SET -> line.append("(empty)");
        }
        return line.toString();
    }

    private static String book(BookUpdate b) {
        return (b.getSnapshot() ? "BOOK SNAPSHOT " : "BOOK UPDATE ") + b.getSymbol()
                + " bids[" + levels(b.getBidsList()) + "] asks[" + levels(b.getAsksList()) + "]"
                + (b.getLastUpdateId() != 0 ? " ids=" + b.getFirstUpdateId() + ".." + b.getLastUpdateId() : "");
    }

    private static String levels(java.util.List<PriceLevel> levels) {
        return levels.stream().map(l -> dec(l.getSize()) + "@" + dec(l.getPrice())).collect(Collectors.joining(" "));
    }

    private static String status(StreamStatus s) {
        final StringBuilder b = new StringBuilder("STATUS ").append(s.getState());
        if (s.getCount() != 0) {
            b.append(" count=").append(s.getCount());
        }
        if (s.getExpectedSeq() != 0 || s.getReceivedSeq() != 0) {
            b.append(" expected=").append(s.getExpectedSeq()).append(" received=").append(s.getReceivedSeq());
        }
        if (!s.getReason().isEmpty()) {
            b.append(" \"").append(s.getReason()).append('"');
        }
        return b.toString();
    }

    private static String side(io.marketintel.pipeline.schema.v1.Side side) {
        return switch (side) {
            case SIDE_BUY -> "BUY";
            case SIDE_SELL -> "SELL";
            default -> "?";
        };
    }

    static String dec(Decimal d) {
        return BigDecimal.valueOf(d.getMantissa(), -d.getExponent()).toPlainString();
    }

    private static String printable(String s) {
        final String oneLine = s.replace("\n", "\\n").replace("\r", "\\r");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }
}
