package dev.vigil.store;

import dev.vigil.core.access.Users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteUsersTest {
    @TempDir
    Path dir;

    /** The database under test, the same one each time within a test (reopened, it must hold what was written). */
    Database open() {
        return Database.open(dir);
    }

    @Test
    void passwordsAreStoredAsArgon2idAndVerified() {
        try (Database db = open()) {
            Users users = new SqliteUsers(db, InstantSource.system());
            users.add("alice", Users.Role.ADMIN, "correct horse battery".toCharArray());
            assertThat(users.authenticate("alice", "correct horse battery".toCharArray())).get()
                    .satisfies(u -> assertThat(u.role()).isEqualTo(Users.Role.ADMIN));
            assertThat(users.authenticate("alice", "wrong password!".toCharArray())).isEmpty();
            assertThat(users.authenticate("bob", "correct horse battery".toCharArray())).isEmpty();
            String stored = db.read(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT password_hash FROM users")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("horse");
        }
    }

    @Test
    void rulesForNamesPasswordsAndDuplicates() {
        try (Database db = open()) {
            Users users = new SqliteUsers(db, InstantSource.system());
            assertThatThrownBy(() -> users.add("a b", Users.Role.VIEWER, "long enough pw".toCharArray()))
                    .hasMessageContaining("user name");
            assertThatThrownBy(() -> users.add("carol", Users.Role.VIEWER, "short".toCharArray()))
                    .hasMessageContaining("at least 10");
            users.add("carol", Users.Role.VIEWER, "long enough pw".toCharArray());
            assertThatThrownBy(() -> users.add("carol", Users.Role.ADMIN, "long enough pw".toCharArray()))
                    .hasMessageContaining("already exists");
            assertThat(users.setPassword("carol", "another long one".toCharArray())).isTrue();
            assertThat(users.authenticate("carol", "another long one".toCharArray())).isPresent();
            assertThat(users.remove("carol")).isTrue();
            assertThat(users.isEmpty()).isTrue();
        }
    }

    @Test
    void aCorruptStoredHashNeverMatches() {
        assertThat(Passwords.verify("x".toCharArray(), "$argon2id$v=19$garbage")).isFalse();
        assertThat(Passwords.verify("x".toCharArray(), "plain")).isFalse();
    }
}
