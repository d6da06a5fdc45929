package dev.vigil.store;

import dev.vigil.core.access.Tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * API bearer tokens in SQLite. A token is 32 random bytes; only its SHA-256 is stored. A fast hash is right here
 * (unlike passwords): the token has 256 bits of entropy, so there is nothing to brute-force.
 */
public final class SqliteTokens implements Tokens {
    private static final String PREFIX = "vigil_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final InstantSource clock;

    public SqliteTokens(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    /** An admin token that never expires (tests and tools that set Vigil up). */
    @Override
    public Created create(String name) {
        return create(name, Scope.ADMIN, null);
    }

    /** @param expires when the token stops working, or null for never */
    @Override
    public Created create(String name, Scope scope, Instant expires) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("token name must be 1 to 100 characters");
        }
        if (expires != null && !expires.isAfter(clock.instant())) {
            throw new IllegalArgumentException("a token's expiry must be in the future");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = hash(secret);
        String id = hash.substring(0, 12);
        Instant now = clock.instant();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO tokens (id, name, hash, created, scope, expires) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, hash);
                ps.setLong(4, now.toEpochMilli());
                ps.setString(5, scope.id());
                if (expires == null) {
                    ps.setNull(6, Types.INTEGER);
                } else {
                    ps.setLong(6, expires.toEpochMilli());
                }
                return ps.executeUpdate();
            }
        });
        return new Created(new TokenInfo(id, name, now, null, scope, expires), secret);
    }

    private static final String COLUMNS = "id, name, created, last_used, scope, expires";

    private static TokenInfo info(ResultSet rs) throws SQLException {
        long used = rs.getLong(4);
        Instant lastUsed = rs.wasNull() ? null : Instant.ofEpochMilli(used);
        long expires = rs.getLong(6);
        Instant expiry = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
        return new TokenInfo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)), lastUsed,
                Scope.parse(rs.getString(5)), expiry);
    }

    @Override
    public List<TokenInfo> list() {
        return db.read(c -> {
            List<TokenInfo> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT " + COLUMNS + " FROM tokens ORDER BY created")) {
                while (rs.next()) {
                    out.add(info(rs));
                }
            }
            return out;
        });
    }

    /** Revokes by id or by name; returns how many tokens were revoked. */
    @Override
    public int revoke(String idOrName) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tokens WHERE id = ? OR name = ?")) {
                ps.setString(1, idOrName);
                ps.setString(2, idOrName);
                return ps.executeUpdate();
            }
        });
    }

    /** The token's info if {@code secret} is a valid token that has not expired. */
    @Override
    public Optional<TokenInfo> verify(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(secret);
        Optional<TokenInfo> found = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(info(rs)) : Optional.<TokenInfo>empty();
                }
            }
        });
        found = found.filter(t -> t.expires() == null || t.expires().isAfter(clock.instant()));
        found.ifPresent(this::touch);
        return found;
    }

    /** Records use at most once a minute per token, so busy clients do not turn every read into a write. */
    private void touch(TokenInfo info) {
        Instant now = clock.instant();
        if (info.lastUsed() != null && info.lastUsed().isAfter(now.minusSeconds(60))) {
            return;
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE tokens SET last_used = ? WHERE id = ?")) {
                ps.setLong(1, now.toEpochMilli());
                ps.setString(2, info.id());
                return ps.executeUpdate();
            }
        });
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
