package io.marketintel.pipeline.connector.fix;

/** Where a {@link FixSession} is between connect and close. Immutable, safe from any thread. */
enum FixSessionState {
    /** No connection. */
    DISCONNECTED,
    /** Our Logon is out; only a Logon reply (or a Logout refusing us) is acceptable. */
    LOGON_SENT,
    /** The session is up: sequence numbers, heartbeats and market data apply. */
    LOGGED_ON,
    /** We sent a Logout and wait (bounded) for the venue's before closing. */
    LOGOUT_SENT
}
