package io.marketintel.pipeline.venue.fix;

/**
 * How a {@link FixVenue} behaves: where it listens, who it is and whom it accepts, the credentials
 * it checks (null for none), the seed of its market and the rate of incremental refreshes
 * (0 for as fast as the client reads; {@code totalIncrementals} 0 for endless). Immutable.
 */
public record FixVenueConfig(
        int port,
        String senderCompId,
        String targetCompId,
        String username,
        String password,
        long seed,
        long messagesPerSecond,
        long totalIncrementals) {

    /** Defaults: any free port, VENUE accepting CLIENT1 without credentials, 1,000 msg/s endless. */
    public static FixVenueConfig of(long seed) {
        return new FixVenueConfig(0, "VENUE", "CLIENT1", null, null, seed, 1_000, 0);
    }

    public FixVenueConfig withCredentials(String user, String secret) {
        return new FixVenueConfig(port, senderCompId, targetCompId, user, secret, seed, messagesPerSecond,
                totalIncrementals);
    }

    public FixVenueConfig withRate(long perSecond, long total) {
        return new FixVenueConfig(port, senderCompId, targetCompId, username, password, seed, perSecond, total);
    }

    @Override
    public String toString() {
        return "FixVenueConfig[port=" + port + ", " + senderCompId + " accepting " + targetCompId + ", credentials="
                + (username == null ? "none" : username + "/****") + ", seed=" + seed + ", rate=" + messagesPerSecond + "]";
    }
}
