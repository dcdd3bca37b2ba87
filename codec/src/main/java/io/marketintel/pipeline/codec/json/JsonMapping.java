package io.marketintel.pipeline.codec.json;

/**
 * The generic JSON mapping ({@code format: json}): a discriminator path whose value picks the
 * trade or the quote mapping, and the unit of numeric timestamps. With no discriminator, the one
 * mapping given applies to every message. Immutable; validated by the configuration loader.
 */
public record JsonMapping(
        String discriminator,
        TradeMapping trade,
        QuoteMapping quote,
        TimestampUnit timeUnit) {

    public JsonMapping {
        if (trade == null && quote == null) {
            throw new IllegalArgumentException("a JSON mapping needs a trade or a quote mapping");
        }
        if (discriminator == null && trade != null && quote != null) {
            throw new IllegalArgumentException("a JSON mapping with both trade and quote needs a discriminator");
        }
        if (timeUnit == null) {
            timeUnit = TimestampUnit.MILLISECONDS;
        }
    }
}
