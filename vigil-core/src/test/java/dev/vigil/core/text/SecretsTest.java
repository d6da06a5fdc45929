package dev.vigil.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void theShortcutsNeverChangeTheAnswer() {
        String[] parts = {"password", "PASS", "Passwd", "=", ":", " ", "\"", "'", "=>", "token", "auth", "author", "Authorization",
            "bearer ", "Basic ", "x", "42", "********", "api_key", "API-KEY", "secret", "://", "u:p@h", "\n", ",", "İ", "AKIA",
            "ghp_", "eyJ", "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "sk_live_", "a".repeat(16)};
        java.util.Random random = new java.util.Random(11);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                s.append(parts[random.nextInt(parts.length)]);
            }
            String text = s.toString();
            if (!text.isEmpty()) {
                assertThat(Secrets.mask(text)).as(text).isEqualTo(Secrets.maskEverywhere(text));
            }
        }
    }

    @Test
    void passwordsKeysAndUrlCredentialsAreMaskedTheRestIsKept() {
        assertThat(Secrets.mask("DB_PASSWORD=hunter2\nDB_HOST=db1")).isEqualTo("DB_PASSWORD=********\nDB_HOST=db1");
        assertThat(Secrets.mask("api_key: \"abc def\"")).isEqualTo("api_key: \"********\"");
        assertThat(Secrets.mask("PDOException: could not connect to mysql://shop:s3cr3t@db:3306/shop"))
                .isEqualTo("PDOException: could not connect to mysql://shop:********@db:3306/shop");
        assertThat(Secrets.mask("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"))
                .isEqualTo("-----BEGIN RSA PRIVATE KEY-----\n********\n-----END RSA PRIVATE KEY-----");
        assertThat(Secrets.mask("listen 80;\nserver_name shop;")).isEqualTo("listen 80;\nserver_name shop;");
        // The key's case does not matter (each pattern runs only when the lower-cased text has its key).
        assertThat(Secrets.mask("PassPhrase: Correct-Horse")).isEqualTo("PassPhrase: ********");
        assertThat(Secrets.mask("X-Auth-Token=abc123")).isEqualTo("X-Auth-Token=********");
    }

    @Test
    void jsonQuotedKeysKeepTheJsonValid() {
        assertThat(Secrets.mask("{\"db_password\": \"jsonSecretPW1\", \"user\": \"app\"}"))
                .isEqualTo("{\"db_password\": \"********\", \"user\": \"app\"}");
        assertThat(Secrets.mask("{\"api_key\":\"k-123456\",\"n\":1}")).isEqualTo("{\"api_key\":\"********\",\"n\":1}");
        assertThat(Secrets.mask("'secret_token' => 'abc123'")).isEqualTo("'secret_token' => '********'");
        assertThat(Secrets.mask("{\"password\":12345678}")).isEqualTo("{\"password\":********}");
    }

    @Test
    void authorizationHeadersLoseTheCredentialNotTheScheme() {
        assertThat(Secrets.mask("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer ********");
        assertThat(Secrets.mask("authorization: basic dXNlcjpwYXNzd29yZA==")).isEqualTo("authorization: basic ********");
        assertThat(Secrets.mask("curl -H 'Authorization: Bearer eyJhbGciOi.xyz' http://x/")).doesNotContain("eyJhbGciOi");
        // An author is not an authorization.
        assertThat(Secrets.mask("author: alice")).isEqualTo("author: alice");
    }

    @Test
    void cloudAndServiceKeysAreRecognisedByShape() {
        assertThat(Secrets.mask("key AKIAIOSFODNN7EXAMPLE used")).isEqualTo("key ******** used");
        assertThat(Secrets.mask("ghp_" + "a".repeat(36))).isEqualTo("********");
        assertThat(Secrets.mask("github_pat_" + "B".repeat(30))).isEqualTo("********");
        assertThat(Secrets.mask("token glpat-" + "c".repeat(20))).doesNotContain("glpat-ccc");
        assertThat(Secrets.mask("x ASIA" + "Q".repeat(16) + " y")).isEqualTo("x ******** y");
        assertThat(Secrets.mask("xoxb-1234567890-abcdefghij")).isEqualTo("********");
        assertThat(Secrets.mask("AIza" + "B".repeat(35))).isEqualTo("********");
        assertThat(Secrets.mask("sk_live_" + "c".repeat(24))).isEqualTo("********");
        assertThat(Secrets.mask("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlXzEyMw")).isEqualTo("********");
        assertThat(Secrets.mask("vigil_" + "d".repeat(43))).isEqualTo("********");
    }

    @Test
    void maskingIsStableOnAnAlreadyMaskedText() {
        String once = Secrets.mask("DB_PASSWORD=hunter2secret Authorization: Bearer abc.def.ghi {\"db_password\": \"x\"}");
        assertThat(Secrets.mask(once)).isEqualTo(once);
        assertThat(once).doesNotContain("hunter2secret").doesNotContain("abc.def.ghi").doesNotContain("\"x\"");
    }
}
