package dev.vigil.store;

import dev.vigil.core.access.Users;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** People who sign in to the dashboard, in SQLite, with an Argon2id password hash. */
public final class SqliteUsers implements Users {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    static final int MIN_PASSWORD = 10;
    /** Verified against when the user does not exist, so timing does not reveal which names exist. */
    private static final String DUMMY = Passwords.hash("not a real password".toCharArray());

    private final Database db;
    private final InstantSource clock;

    public SqliteUsers(Database db, InstantSource clock) {
        this.db = db;
        this.clock = clock;
    }

    private static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("user name must be 1 to 64 letters, digits or _ . @ -");
        }
    }

    private static void checkPassword(char[] password) {
        if (password == null || password.length < MIN_PASSWORD) {
            throw new IllegalArgumentException("password must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length > 1024) {
            throw new IllegalArgumentException("password must be at most 1024 characters");
        }
    }

    @Override
    public void add(String name, Role role, char[] password) {
        checkName(name);
        checkPassword(password);
        String hash = Passwords.hash(password);
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, role, password_hash, created, generation) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
                ps.setString(1, name);
                ps.setString(2, role.id());
                ps.setString(3, hash);
                ps.setLong(4, clock.instant().toEpochMilli());
                ps.setLong(5, RANDOM.nextLong());
                if (ps.executeUpdate() == 0) {
                    throw new IllegalArgumentException("user '" + name + "' already exists");
                }
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE users_added SET n = n + 1");
            }
            return null;
        });
    }

    /** Sets a new password and a new generation, which ends every session the user had. */
    @Override
    public boolean setPassword(String name, char[] password) {
        checkPassword(password);
        String hash = Passwords.hash(password);
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET password_hash = ?, generation = ? WHERE name = ?")) {
                ps.setString(1, hash);
                ps.setLong(2, RANDOM.nextLong());
                ps.setString(3, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public boolean remove(String name) {
        return db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
                ps.setString(1, name);
                return ps.executeUpdate() > 0;
            }
        });
    }

    @Override
    public List<User> list() {
        return db.read(c -> {
            List<User> out = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery(
                    "SELECT name, role, created, last_login, generation FROM users ORDER BY name")) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        });
    }

    /** How many users were ever added (removals do not count down): a first-run setup link is tied to it. */
    @Override
    public long everAdded() {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT n FROM users_added")) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    @Override
    public boolean isEmpty() {
        return db.read(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT 1 FROM users LIMIT 1")) {
                return !rs.next();
            }
        });
    }

    @Override
    public Optional<User> find(String name) {
        return db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT name, role, created, last_login, generation FROM users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.<User>empty();
                }
            }
        });
    }

    /** The user if the password is right; records the sign-in. */
    @Override
    public Optional<User> authenticate(String name, char[] password) {
        Optional<String> hash = name == null ? Optional.empty() : db.read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
        boolean ok = Passwords.verify(password == null ? new char[0] : password, hash.orElse(DUMMY));
        if (!ok || hash.isEmpty()) {
            return Optional.empty();
        }
        db.write(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE users SET last_login = ? WHERE name = ?")) {
                ps.setLong(1, clock.instant().toEpochMilli());
                ps.setString(2, name);
                return ps.executeUpdate();
            }
        });
        return find(name);
    }

    private static User user(ResultSet rs) throws SQLException {
        long last = rs.getLong(4);
        return new User(rs.getString(1), Role.parse(rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3)),
                rs.wasNull() ? null : Instant.ofEpochMilli(last), rs.getLong(5));
    }
}
