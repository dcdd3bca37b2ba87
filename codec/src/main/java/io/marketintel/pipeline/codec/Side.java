package io.marketintel.pipeline.codec;

/** Aggressor side, numbered as the schema's {@code Side} enum. */
public enum Side {
    UNSPECIFIED(0), BUY(1), SELL(2);

    private final int wireValue;

    Side(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }
}
