package dev.vigil.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * API bearer tokens. A token is 32 random bytes; only its SHA-256 is stored. A fast hash is right here
 * (unlike passwords): the token has 256 bits of entropy, so there is nothing to brute-force.
 */
public final class Tokens {
    private static final String PREFIX = "vigil_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Database db;
    private final InstantSource clock;

    public Tokens(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    /** What {@link #list()} shows: never the token or its hash. */
    public record TokenInfo(String id, String name, Instant created, Instant lastUsed) {}

    /** A newly created token; {@code secret} is shown once and never stored. */
    public record Created(TokenInfo info, String secret) {}

    public Created create(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("token name must be 1 to 100 characters");
        }
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        String hash = hash(secret);
        String id = hash.substring(0, 12);
        Instant now = clock.instant();
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO tokens (id, name, hash, created) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, id);
                ps.setString(2, name);
                ps.setString(3, hash);
                ps.setLong(4, now.toEpochMilli());
                return ps.executeUpdate();
            }
        });
        return new Created(new TokenInfo(id, name, now, null), secret);
    }

    public List<TokenInfo> list() {
        return db.read(c -> {
            List<TokenInfo> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT id, name, created, last_used FROM tokens ORDER BY created")) {
                while (rs.next()) {
                    long used = rs.getLong(4);
                    out.add(new TokenInfo(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.wasNull() ? null : Instant.ofEpochMilli(used)));
                }
            }
            return out;
        });
    }

    /** Revokes by id or by name; returns how many tokens were revoked. */
    public int revoke(String idOrName) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM tokens WHERE id = ? OR name = ?")) {
                ps.setString(1, idOrName);
                ps.setString(2, idOrName);
                return ps.executeUpdate();
            }
        });
    }

    /** The token's info if {@code secret} is a valid token. */
    public Optional<TokenInfo> verify(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
            return Optional.empty();
        }
        String hash = hash(secret);
        Optional<TokenInfo> found = db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, created, last_used FROM tokens WHERE hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<TokenInfo>empty();
                    }
                    long used = rs.getLong(4);
                    return Optional.of(new TokenInfo(rs.getString(1), rs.getString(2),
                            Instant.ofEpochMilli(rs.getLong(3)), rs.wasNull() ? null : Instant.ofEpochMilli(used)));
                }
            }
        });
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
