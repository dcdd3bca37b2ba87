package io.marketintel.pipeline.config;

import java.util.Objects;

/**
 * A username and password for a venue. The password never leaves this object except through
 * {@link #password()}: {@link #toString()} masks it, so it cannot reach logs, errors, metrics or
 * API responses by accident. Immutable and thread-safe.
 */
public final class Credentials {
    private final String username;
    private final String password;

    public Credentials(String username, String password) {
        this.username = Objects.requireNonNull(username, "username");
        this.password = Objects.requireNonNull(password, "password");
    }

    public String username() {
        return username;
    }

    /** The secret itself: only for the code that puts it on the wire. */
    public String password() {
        return password;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Credentials c && c.username.equals(username) && c.password.equals(password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, password);
    }

    @Override
    public String toString() {
        return "Credentials[username=" + username + ", password=****]";
    }
}
