package io.marketintel.pipeline.codec;

/**
 * Thrown by the convenience (off hot path) decimal parsing methods; carries the typed reason.
 */
public final class DecimalFormatException extends IllegalArgumentException {
    private final DecimalParseResult reason;

    public DecimalFormatException(DecimalParseResult reason, CharSequence text) {
        super("not an exact decimal (" + reason + "): \"" + text + "\"");
        this.reason = reason;
    }

    public DecimalParseResult reason() {
        return reason;
    }
}
