package dev.vigil.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
    @Test
    void passwordsKeysAndUrlCredentialsAreMaskedTheRestIsKept() {
        assertThat(Secrets.mask("DB_PASSWORD=hunter2\nDB_HOST=db1")).isEqualTo("DB_PASSWORD=********\nDB_HOST=db1");
        assertThat(Secrets.mask("api_key: \"abc def\"")).isEqualTo("api_key: ********");
        assertThat(Secrets.mask("PDOException: could not connect to mysql://shop:s3cr3t@db:3306/shop"))
                .isEqualTo("PDOException: could not connect to mysql://shop:********@db:3306/shop");
        assertThat(Secrets.mask("-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"))
                .isEqualTo("-----BEGIN RSA PRIVATE KEY-----\n********\n-----END RSA PRIVATE KEY-----");
        assertThat(Secrets.mask("listen 80;\nserver_name shop;")).isEqualTo("listen 80;\nserver_name shop;");
    }
}
